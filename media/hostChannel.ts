// The player's only link to the extension host: typed posting, validated receiving, persisted state.
import { FromPlayerMessage, ToPlayerMessage, parseToPlayerMessage } from '../src/shared/protocol';

/** The API VS Code injects into webviews; `acquireVsCodeApi` may be called only once per document. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the player keeps across reloads of its script (VS Code stores it with the webview). */
export interface PlayerState {
  readonly audioUnlocked: boolean;
}

export class HostChannel {
  private readonly api: VsCodeApi = acquireVsCodeApi();

  post(message: FromPlayerMessage): void {
    this.api.postMessage(message);
  }

  /** Calls `handler` with every valid host message; anything else is dropped with a warning, never thrown on. */
  listen(handler: (message: ToPlayerMessage) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseToPlayerMessage(event.data);
      if (message === undefined) {
        console.warn(`Read Aloud player: dropped an invalid message (${describe(event.data)})`);
        return;
      }
      handler(message);
    });
  }

  readState(): PlayerState {
    const state = this.api.getState();
    const unlocked = typeof state === 'object' && state !== null && (state as Record<string, unknown>).audioUnlocked === true;
    return { audioUnlocked: unlocked };
  }

  writeState(state: PlayerState): void {
    this.api.setState(state);
  }
}

/** A short description for the log: a chunk's bytes would flood the console. */
function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'type' in value) {
    return `type ${JSON.stringify(value.type)}`;
  }
  return value === null ? 'null' : typeof value;
}
