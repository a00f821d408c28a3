import * as vscode from 'vscode';
import { READ_ALOUD_API_VERSION, type ReadAloudApi, type ReadAloudState, type SpeakOptions } from '../api';
import type { Reader } from '../reading/Reader';
import type { SpeechSession } from '../session/SpeechSession';
import { Disposable } from '../shared/dispose';
import { hasWords } from './hasWords';
import { publicState } from './publicState';
import { speakText } from './speakText';

/**
 * The API other extensions get from `activate()`, and what to dispose with the extension (kept apart:
 * a caller must not be able to switch the API off).
 */
export function createReadAloudApi(reader: Reader): { readonly api: ReadAloudApi; readonly disposable: vscode.Disposable } {
  const states = new ReadingStateTracker(reader);
  const api: ReadAloudApi = {
    apiVersion: READ_ALOUD_API_VERSION,
    speak: (text, options) => speak(reader, text, options),
    stop: () => reader.stop(),
    onDidChangeState: states.onDidChange,
    get state() {
      return states.current;
    },
  };
  return { api, disposable: states };
}

/** The errors are for the calling extension's developer, not shown by us: English, like VS Code's own API errors. */
async function speak(reader: Reader, text: unknown, options: SpeakOptions | undefined): Promise<void> {
  if (typeof text !== 'string') {
    throw new TypeError('Read Aloud: speak(text) needs a string.');
  }
  const languageId = typeof options?.languageId === 'string' && options.languageId !== '' ? options.languageId : 'markdown';
  if (!hasWords(text)) {
    // Another extension's empty string is its own affair: no notification for the user.
    throw new Error('Read Aloud: nothing to read — the text is empty.');
  }
  const session = await speakText(reader, {
    text,
    languageId,
    nothingToRead: vscode.l10n.t('Read Aloud: nothing to read — the text has only Markdown syntax or code blocks.'),
  });
  if (!session) {
    throw new Error('Read Aloud: nothing to read in the text.');
  }
  const outcome = await session.outcome;
  if (outcome.kind === 'failed') {
    throw new Error(`Read Aloud: ${outcome.error.message}`);
  }
}

/**
 * Follows the current reading's state, whoever started it (a command, the agent's tool, the API). Only
 * the current reading counts: a reading replaced by another, or a voice preview, does not change it.
 */
class ReadingStateTracker extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<ReadAloudState>());
  private state: ReadAloudState = 'idle';
  private session: SpeechSession | undefined;
  readonly onDidChange = this.emitter.event;

  constructor(reader: Reader) {
    super();
    this._register(
      reader.onDidStartReading((session) => {
        this.session = session;
        this.set(publicState(session.currentState));
      }),
    );
    this._register(
      reader.onStateChange((readingId, state) => {
        if (this.session?.readingId === readingId) {
          this.set(publicState(state));
        }
      }),
    );
  }

  get current(): ReadAloudState {
    return this.state;
  }

  private set(state: ReadAloudState): void {
    if (state !== this.state) {
      this.state = state;
      this.emitter.fire(state);
    }
  }
}
