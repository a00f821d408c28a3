// A reading's session state as the public API names it. Pure: no vscode import.
import type { ReadAloudState } from '../api';
import type { SessionState } from '../session/SpeechSession';

export function publicState(state: SessionState): ReadAloudState {
  switch (state) {
    case 'starting':
      return 'loading';
    case 'playing':
      return 'playing';
    case 'paused':
      return 'paused';
    case 'needsUserGesture':
      return 'blocked';
    case 'finished':
    case 'stopped':
    case 'failed':
      return 'idle';
  }
}
