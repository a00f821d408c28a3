import type * as vscode from 'vscode';
import { readVoicesByLanguage } from '../config';
import { pickVoiceFor } from './languageVoices';

/**
 * The voice to read `text` from `document` with: `readAloud.voicesByLanguage` applied over the user's
 * voice. Used by readings and exports alike, so a saved MP3 sounds like the reading would.
 */
export function readingVoiceFor(
  document: Pick<vscode.TextDocument, 'languageId'>,
  text: string,
  defaultVoice: string,
  log: vscode.LogOutputChannel,
): string {
  const { voicesByLanguage, problems } = readVoicesByLanguage();
  for (const problem of problems) {
    log.warn(`readAloud.voicesByLanguage: ${problem}`);
  }
  const voice = pickVoiceFor(text, document.languageId, { defaultVoice, voicesByLanguage });
  if (voice !== defaultVoice) {
    log.info(`Voice ${voice} instead of ${defaultVoice}, from readAloud.voicesByLanguage (language id ${document.languageId}).`);
  }
  return voice;
}
