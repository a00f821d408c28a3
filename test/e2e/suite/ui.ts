// Client of the UI bridge (test/e2e/launcher/ui-bridge.js) for in-host tests: drive the real
// workbench page like a user (palette, keys, context menu, clicks in a webview) and read what the
// user would see. Only the code-server run (runE2E) has a bridge; under desktop VS Code (runDesktop)
// READ_ALOUD_E2E_UI is unset and UI tests skip themselves via `describeUi` / `skipWithoutUi`.
//
// Reads never give the page "user activation" (see launcher/cdp-page.js): a test can look at the player and
// still expect the browser to block autoplay until someone clicks. Keyboard and mouse actions do
// activate the page, as a real user would — and in code-server the webview shares the workbench's
// origin, so after any key press or click in the workbench Chromium may let the player autoplay.
import * as vscode from 'vscode';

/** Base URL of the UI bridge, or undefined outside the code-server run. */
export const uiBridgeUrl: string | undefined = process.env.READ_ALOUD_E2E_UI;

/** Folder for screenshots of this run (set by the launcher). */
export const artifactsDir: string | undefined = process.env.READ_ALOUD_E2E_ARTIFACTS;

const SKIP_REASON = 'READ_ALOUD_E2E_UI is not set: the UI bridge exists only in the code-server run (npm run test:e2e)';

/** Which webview to act on. All given fields must match. */
export interface WebviewTarget {
  /** Extension that owns the webview, e.g. "read-aloud.read-aloud". */
  extensionId?: string;
  /** CSS selector that must match something in the webview's document. */
  selector?: string;
  /** Exact document.title of the webview's HTML. */
  title?: string;
}

/** The Read Aloud player view: the extension's webview holding the one <audio> element. */
export const PLAYER: WebviewTarget = { extensionId: 'read-aloud.read-aloud', selector: 'audio' };

export interface Notification {
  message: string;
  /** Targets of the links rendered in the message (none, unless the message was written with some). */
  links: string[];
  severity: 'info' | 'warning' | 'error';
  source: string;
  actions: string[];
}

export interface StatusBarItem {
  /** DOM id, for extension items "<extension id>.<item id>". */
  id: string;
  text: string;
  ariaLabel: string;
}

export interface QuickInputState {
  visible: boolean;
  value: string;
  rows: { label: string; ariaLabel: string; focused: boolean }[];
}

export interface PlayerState {
  hasAudio: boolean;
  paused: boolean | null;
  ended: boolean | null;
  currentTime: number | null;
  /** null while unknown (NaN) or infinite (a stream). */
  duration: number | null;
  /** HTMLMediaElement.readyState: 0 nothing … 4 enough data. */
  readyState: number | null;
  muted: boolean | null;
  volume: number | null;
  playbackRate: number | null;
  /** MediaError code, or null. */
  error: number | null;
  /** Seconds buffered, as [start, end] ranges. */
  buffered: [number, number][];
  /** Text of the first [role=status] / [aria-live] element, if any. */
  statusText: string | null;
  /** A visible button whose text or aria-label says "Enable audio". */
  enableAudioVisible: boolean;
  /** Texts of all visible buttons. */
  buttons: string[];
  /** navigator.userActivation.hasBeenActive of the player frame. */
  hasBeenActive: boolean;
  /** Start of document.body.innerText, for failure messages. */
  bodyText: string;
}

export interface UserActivation {
  hasBeenActive: boolean;
  isActive: boolean;
}

export interface WebviewInfo {
  extensionId: string | null;
  webviewId: string | null;
  url: string;
  title?: string;
  visible: boolean;
}

export class UiBridgeError extends Error {}

/** True in the code-server run. */
export function hasUi(): boolean {
  return !!uiBridgeUrl;
}

/** `describe` for UI-bridge tests: skipped, saying why, when there is no bridge. */
export function describeUi(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  if (hasUi()) return describe(title, fn);
  return describe.skip(`${title} [skipped: ${SKIP_REASON}]`, fn);
}

/** For a single test or hook: `skipWithoutUi(this)`. */
export function skipWithoutUi(ctx: Mocha.Context): void {
  if (!hasUi()) {
    console.log(`  (skipping "${ctx.test?.title ?? ''}": ${SKIP_REASON})`);
    ctx.skip();
  }
}

async function call<T>(action: string, params: Record<string, unknown> = {}): Promise<T> {
  if (!uiBridgeUrl) throw new UiBridgeError(SKIP_REASON);
  const res = await fetch(`${uiBridgeUrl}/ui`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action, ...params }),
  });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: string };
  if (!body.ok) throw new UiBridgeError(`UI bridge ${action}: ${body.error ?? res.statusText}`);
  return body.result as T;
}

/** F1, type the title, click the row "<title>" or "<category>: <title>"; waits for the palette to close. */
export function runCommandFromPalette(title: string, timeoutMs?: number): Promise<{ label: string }> {
  return call('runCommandFromPalette', { title, timeoutMs });
}

/** Playwright key notation; spaces separate chord parts: "Escape", "Control+Alt+S", "Control+K V". */
export function press(keys: string): Promise<void> {
  return call('press', { keys });
}

/** Types text, one real key event per character, into whatever has focus. */
export function type(text: string): Promise<void> {
  return call('type', { text });
}

/** Right-click in the active editor (on the selection if any, which keeps it) and click `item`. */
export function contextMenu(item: string, timeoutMs?: number): Promise<{ label: string }> {
  return call('contextMenu', { item, timeoutMs });
}

/** Clicks an element in a webview by ARIA role and accessible name (exact). */
export function clickInWebview(target: WebviewTarget, role: string, name?: string, timeoutMs?: number): Promise<void> {
  return call('clickInWebview', { target, role, name, timeoutMs });
}

/** Clicks a button of the player by its accessible name, e.g. "Enable audio". */
export function clickInPlayer(name: string, timeoutMs?: number): Promise<void> {
  return clickInWebview(PLAYER, 'button', name, timeoutMs);
}

/**
 * Evaluates a JavaScript expression in the webview's document (not a function: wrap code in an
 * IIFE). Promises are awaited; the result must be JSON-serialisable. Does not activate the frame.
 */
export function webviewEval<T>(target: WebviewTarget, expression: string, timeoutMs?: number): Promise<T> {
  return call('webviewEval', { target, expression, timeoutMs });
}

/** Evaluates a JavaScript expression in the workbench page (no user activation). */
export function pageEval<T>(expression: string): Promise<T> {
  return call('pageEval', { expression });
}

// Generic on purpose: the player's DOM is not ours. One <audio>, buttons found by their text.
const PLAYER_STATE_EXPRESSION = `(() => {
  const audio = document.querySelector('audio');
  const num = (n) => (typeof n === 'number' && Number.isFinite(n) ? n : null);
  const visible = (el) => {
    if (el.hidden || el.closest('[hidden]')) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const label = (el) => ((el.textContent || '').trim() || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ');
  const buttons = [...document.querySelectorAll('button, [role="button"]')];
  const enable = buttons.find((b) => /enable audio/i.test(label(b)));
  const status = document.querySelector('[role="status"], [aria-live]');
  const buffered = [];
  if (audio) for (let i = 0; i < audio.buffered.length; i++) buffered.push([audio.buffered.start(i), audio.buffered.end(i)]);
  return {
    hasAudio: !!audio,
    paused: audio ? audio.paused : null,
    ended: audio ? audio.ended : null,
    currentTime: audio ? num(audio.currentTime) : null,
    duration: audio ? num(audio.duration) : null,
    readyState: audio ? audio.readyState : null,
    muted: audio ? audio.muted : null,
    volume: audio ? num(audio.volume) : null,
    playbackRate: audio ? num(audio.playbackRate) : null,
    error: audio && audio.error ? audio.error.code : null,
    buffered,
    statusText: status ? (status.textContent || '').replace(/\\s+/g, ' ').trim() : null,
    enableAudioVisible: !!enable && visible(enable),
    buttons: buttons.filter(visible).map(label),
    hasBeenActive: navigator.userActivation.hasBeenActive,
    bodyText: (document.body ? document.body.innerText : '').trim().slice(0, 500),
  };
})()`;

/** What the player shows and plays right now. `target` defaults to the Read Aloud player. */
export function playerState(target: WebviewTarget = PLAYER, timeoutMs?: number): Promise<PlayerState> {
  return webviewEval<PlayerState>(target, PLAYER_STATE_EXPRESSION, timeoutMs);
}

/** navigator.userActivation of the workbench page, or of a webview. */
export function userActivation(target?: WebviewTarget): Promise<UserActivation> {
  return call('userActivation', { target });
}

/** Webviews present in the page (for debugging targets). */
export function webviews(): Promise<WebviewInfo[]> {
  return call('webviews');
}

/**
 * Notifications the user can see. With the smoke-test driver on (the payload needs it) the workbench
 * never shows toasts, so this opens the notifications center (a command, not a click: no user
 * activation), reads it and closes it again, which returns focus to where it was.
 */
export async function notifications(): Promise<Notification[]> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await call<Notification[]>('notifications');
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** Visible status bar items, left to right. */
export function statusBar(): Promise<StatusBarItem[]> {
  return call('statusBar');
}

/** The quick input (palette / quick pick) as shown. */
export function quickInput(): Promise<QuickInputState> {
  return call('quickInput');
}

/** Moves keyboard focus to the active editor without clicking (a click would move the cursor). */
export function focusEditor(): Promise<void> {
  return call('focusEditor');
}

/** Resolves once the workbench is laid out (status bar shown) and no quick input is open. */
export async function waitForWorkbench(timeoutMs = 30_000): Promise<void> {
  await waitFor(
    () =>
      pageEval<boolean>(
        "!!document.querySelector('.monaco-workbench .part.statusbar') && !!document.querySelector('.monaco-workbench .part.editor')",
      ),
    (ready) => ready,
    { timeoutMs, what: 'the workbench to be laid out' },
  );
}

/** Saves a PNG of the whole page in the run's artifacts folder; returns its path. */
export async function screenshot(name: string): Promise<string> {
  const file = name.endsWith('.png') ? name : `${name}.png`;
  const { path } = await call<{ path: string }>('screenshot', { name: file.replace(/[^\w.-]+/g, '_') });
  return path;
}

/** Polls `read` until `accept` holds (default: truthy); returns the accepted value. */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean = (v) => !!v,
  { timeoutMs = 10_000, intervalMs = 100, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError instanceof Error ? lastError.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
