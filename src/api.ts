// Read Aloud's public API: what `activate()` returns to other extensions. Types only, so another
// extension can copy this file as it is:
//
//   const readAloud = vscode.extensions.getExtension<ReadAloudApi>('read-aloud.read-aloud');
//   const api = await readAloud?.activate();
//   if (api?.apiVersion === 1) { await api.speak('Build finished.'); }
import type { Event } from 'vscode';

/** Bumped only for a change an existing caller would notice; additions keep the version. */
export const READ_ALOUD_API_VERSION = 1;

/**
 * What Read Aloud is doing:
 * - `idle`: nothing is being read;
 * - `loading`: a reading has started and its first sound is on its way;
 * - `playing` / `paused`: the user hears it, or paused it;
 * - `blocked`: the player waits for one click in the Read Aloud panel before it may play sound.
 */
export type ReadAloudState = 'idle' | 'loading' | 'playing' | 'paused' | 'blocked';

export interface SpeakOptions {
  /**
   * How to read the text, as a VS Code language id: `markdown` (the default) is read without its syntax,
   * code blocks as the user set `readAloud.markdown.codeBlocks`, links shortened; `plaintext` as it is;
   * a programming language by its comments, as Read Document would.
   */
  readonly languageId?: string;
}

export interface ReadAloudApi {
  readonly apiVersion: typeof READ_ALOUD_API_VERSION;
  /**
   * Reads `text` aloud with the user's voice and settings, replacing any reading in progress. Resolves
   * when the reading is over: played to its end, or stopped (by `stop()`, the user, or another reading).
   * Rejects if there is nothing to read in `text`, or if the speech service failed.
   */
  speak(text: string, options?: SpeakOptions): Promise<void>;
  /** Stops whatever is being read (as the user's Stop command does). */
  stop(): void;
  /** Fires on every change of `state`. */
  readonly onDidChangeState: Event<ReadAloudState>;
  /** What Read Aloud is doing now. */
  readonly state: ReadAloudState;
}
