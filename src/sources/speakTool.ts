// The language model tool an agent calls to speak to the user (e.g. its final summary): the text is read
// aloud as Markdown for the ear, replacing any reading in progress. The model learns that it is being
// spoken; it never gets audio back.
import * as vscode from 'vscode';
import type { Reader } from '../reading/Reader';
import { readingAloudMessage } from './excerpt';
import { hasWords } from './hasWords';
import { speakText } from './speakText';

/** Declared with the same name under `contributes.languageModelTools` in package.json. */
export const SPEAK_TOOL_NAME = 'readAloud_speak';

export interface SpeakToolInput {
  readonly text: string;
  readonly languageId?: string;
}

/** A VS Code language id; anything else falls back to Markdown. */
const LANGUAGE_ID = /^[A-Za-z0-9][\w.+#-]{0,63}$/;

export function registerSpeakTool(reader: Reader): vscode.Disposable {
  return vscode.lm.registerTool<SpeakToolInput>(SPEAK_TOOL_NAME, {
    prepareInvocation: ({ input }) => ({ invocationMessage: readingAloudMessage(input?.text) }),
    invoke: async ({ input }, token) => {
      const text = typeof input?.text === 'string' ? input.text : '';
      // A thrown error is what the model sees: it says how to call the tool right. Words for the model (like
      // the result below) stay in English, as the tool's schema does; only the user's chat line is translated.
      if (!hasWords(text)) {
        throw new Error('Nothing was spoken: "text" is empty. Pass the words to say to the user in "text".');
      }
      if (token.isCancellationRequested) {
        throw new vscode.CancellationError();
      }
      const languageId = typeof input.languageId === 'string' && LANGUAGE_ID.test(input.languageId) ? input.languageId : 'markdown';
      const session = await speakText(reader, {
        text,
        languageId,
        nothingToRead: vscode.l10n.t("Read Aloud: nothing to read — the agent's text has only Markdown syntax or code blocks."),
      });
      if (!session) {
        throw new Error('Nothing was spoken: once Markdown syntax and code blocks are left out, the text has no words to say.');
      }
      return new vscode.LanguageModelToolResult([
        new vscode.LanguageModelTextPart(
          `Read Aloud is now speaking the text (${text.length} characters) to the user, in VS Code. ` +
            'Nothing more is needed: no audio comes back, and the user can stop it at any time.',
        ),
      ]);
    },
  });
}
