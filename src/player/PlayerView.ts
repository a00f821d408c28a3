import * as vscode from 'vscode';
import { parseFromPlayerMessage, type FromPlayerMessage, type ToPlayerMessage } from '../shared/protocol';
import type { PlayerChannel } from '../session/SpeechSession';
import { combinedDisposable, Disposable, DisposableValue, type IDisposable } from '../shared/dispose';
import { playerStrings } from '../shared/playerStrings';
import { createNonce, PLAYER_ASSETS_FOLDER, playerWebviewOptions, renderPlayerHtml } from './playerHtml';

export const PLAYER_VIEW_ID = 'readAloud.player';

/**
 * The "Read Aloud" webview view: where the audio plays. Messages are only posted once the webview has
 * said `ready` (earlier ones would be lost), and every message from it is validated before use.
 */
export class PlayerView extends Disposable implements vscode.WebviewViewProvider, PlayerChannel {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readyWaiters: Array<() => void> = [];
  private readonly listeners = new Set<(message: FromPlayerMessage) => void>();
  private readonly disposeEmitter = this._register(new vscode.EventEmitter<void>());
  /** The webview went away (the user closed or moved the view): whatever it was playing is gone. */
  readonly onDidDisposeView = this.disposeEmitter.event;
  /** The current webview's subscriptions, replaced when VS Code resolves the view again. */
  private readonly viewSubscriptions = this._register(new DisposableValue<IDisposable>());
  private audioUnlocked = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** Whether the user has already clicked "Enable audio" in this webview. */
  get isAudioUnlocked(): boolean {
    return this.audioUnlocked;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.viewSubscriptions.clear();
    this.view = view;
    this.ready = false;
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, PLAYER_ASSETS_FOLDER);
    view.webview.options = playerWebviewOptions(webviewRoot);
    view.webview.html = renderPlayerHtml({
      cspSource: view.webview.cspSource,
      nonce: createNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'player.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'player.css')).toString(),
      // Translated here, at render time (after activation wired l10n to vscode.l10n.t).
      strings: playerStrings(),
      language: vscode.env.language,
    });
    this.viewSubscriptions.value = combinedDisposable(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.audioUnlocked = false;
          this.disposeEmitter.fire();
        }
      }),
    );
  }

  post(message: ToPlayerMessage): void {
    if (!this.view || !this.ready) {
      this.log.warn(`Player not ready; dropped "${message.type}" for reading ${message.readingId}`);
      return;
    }
    void this.view.webview.postMessage(message).then(undefined, (error: unknown) => {
      this.log.warn(`Posting "${message.type}" to the player failed: ${String(error)}`);
    });
  }

  onMessage(listener: (message: FromPlayerMessage) => void): vscode.Disposable {
    this.listeners.add(listener);
    return new vscode.Disposable(() => this.listeners.delete(listener));
  }

  /**
   * Makes sure the webview exists and its script listens, creating it if the user never opened the view.
   * Focus goes back to where it was: opening the player must not pull the cursor out of the editor.
   */
  async ensureReady(timeoutMs: number): Promise<boolean> {
    if (this.view && this.ready) {
      return true;
    }
    if (!this.view) {
      const editor = vscode.window.activeTextEditor;
      await vscode.commands.executeCommand(`${PLAYER_VIEW_ID}.focus`);
      if (editor) {
        await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
      }
    } else if (!this.view.visible) {
      this.view.show(true);
    }
    if (this.ready) {
      return true;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== onReady);
        resolve(false);
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.readyWaiters.push(onReady);
    });
  }

  /** Shows the player (e.g. so the user can click "Enable audio"), taking focus. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${PLAYER_VIEW_ID}.focus`);
  }

  override dispose(): void {
    super.dispose();
    this.listeners.clear();
  }

  private receive(raw: unknown): void {
    const message = parseFromPlayerMessage(raw);
    if (!message) {
      this.log.warn(`Dropped a malformed message from the player: ${describe(raw)}`);
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.audioUnlocked = message.audioUnlocked;
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      waiters.forEach((wake) => wake());
    } else if (message.type === 'audioUnlocked') {
      this.audioUnlocked = true;
    }
    for (const listener of [...this.listeners]) {
      listener(message);
    }
  }
}

function describe(raw: unknown): string {
  try {
    return JSON.stringify(raw)?.slice(0, 200) ?? String(raw);
  } catch {
    return typeof raw;
  }
}
