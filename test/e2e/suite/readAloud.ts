// Shared by the feature e2e tests (*.e2e.ts): the extension's test API, a local Edge server wired in
// for one describe block, fixtures, and what the player and the editor show. These run in the
// extension host, in Node: the fake server lives in the same process as the extension's speech client.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReadAloudTestApi } from '../../../src/extension';
import type { SessionState, SpeechSession } from '../../../src/session/SpeechSession';
import { DEFAULT_FAKE_EDGE_OPTIONS, startFakeEdgeServer, type FakeEdgeOptions, type FakeEdgeServer } from '../../fake-edge/server';
import * as ui from './ui';

export const EXTENSION_ID = 'read-aloud.read-aloud';
/** The reading's status bar item: `createStatusBarItem('readAloud.status', …)` in ReadingStatusBar. */
const STATUS_ITEM_SUFFIX = 'readAloud.status';

/** Activates Read Aloud (a no-op after the first time) and returns what `activate` gives tests. */
export async function readAloudApi(): Promise<ReadAloudTestApi> {
  const extension = vscode.extensions.getExtension<ReadAloudTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returns the test API (the host runs the extension in Test mode)');
  return api;
}

export interface StateEvent {
  readonly readingId: number;
  readonly state: SessionState;
  /** performance.now() in the extension host. */
  readonly at: number;
}

/** Every state change of every reading, as the host sees them (`Reader.onStateChange`). */
export class StateLog implements vscode.Disposable {
  readonly events: StateEvent[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(api: ReadAloudTestApi) {
    this.subscription = api.reader.onStateChange((readingId, state) => this.events.push({ readingId, state, at: performance.now() }));
  }

  statesOf(readingId: number): SessionState[] {
    return this.events.filter((e) => e.readingId === readingId).map((e) => e.state);
  }

  /** Where the log is now: pass it as `since` to wait only for later events. */
  mark(): number {
    return this.events.length;
  }

  /** Resolves with the first event (already logged or coming; after `since` if given) of `readingId` in one of `states`. */
  waitFor(readingId: number, states: SessionState[], timeoutMs = 10_000, since = 0): Promise<StateEvent> {
    return ui.waitFor(
      () => this.events.slice(since).find((e) => e.readingId === readingId && states.includes(e.state)),
      (e) => !!e,
      {
        timeoutMs,
        intervalMs: 20,
        what: `reading ${readingId} to be ${states.join(' or ')} (seen: ${this.statesOf(readingId).join(', ') || 'nothing'})`,
      },
    ) as Promise<StateEvent>;
  }

  clear(): void {
    this.events.length = 0;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

export interface FakeEdgeContext {
  readonly server: FakeEdgeServer;
  readonly api: ReadAloudTestApi;
  readonly states: StateLog;
}

/**
 * Registers hooks in the calling describe: one fake Edge server for the block, the extension pointed at
 * it, and before each test the server's options back to `defaults` and its logs, the state log and the
 * notifications emptied. After each test the reading is stopped; after the block the server is closed.
 */
export function useFakeEdge(defaults: FakeEdgeOptions = {}): FakeEdgeContext {
  let server: FakeEdgeServer | undefined;
  let api: ReadAloudTestApi | undefined;
  let states: StateLog | undefined;
  before(async () => {
    api = await readAloudApi();
    server = await startFakeEdgeServer({ ...DEFAULT_FAKE_EDGE_OPTIONS, ...defaults });
    await vscode.commands.executeCommand('readAloud.test.setEdgeEndpoint', server.wsUrl, server.voicesUrl);
    states = new StateLog(api);
  });
  beforeEach(async () => {
    if (api?.reader.currentSession) await stopReading(context);
    server!.setOptions({ ...DEFAULT_FAKE_EDGE_OPTIONS, ...defaults });
    server!.reset();
    states!.clear();
    await vscode.commands.executeCommand('notifications.clearAll');
  });
  afterEach(async () => {
    // Not a failure of the next test if this one left a reading or a socket behind: it says so itself.
    await stopReading(context).catch((err: Error) => console.log(`    (after the test: ${err.message})`));
  });
  after(async () => {
    states?.dispose();
    await server?.close();
    // Leave the workbench as found: a tab left under the resting mouse pointer shows its hover over
    // whatever the next file opens there.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  const context: FakeEdgeContext = {
    get server() {
      assert.ok(server, 'the fake Edge server is started in before()');
      return server;
    },
    get api() {
      assert.ok(api, 'the extension is activated in before()');
      return api;
    },
    get states() {
      assert.ok(states, 'the state log is created in before()');
      return states;
    },
  };
  return context;
}

/** Stops whatever is being read and waits until the server has no socket open. */
export async function stopReading({ server, api }: Pick<FakeEdgeContext, 'server' | 'api'>): Promise<void> {
  await vscode.commands.executeCommand('readAloud.stop');
  await ui.waitFor(
    () => api.reader.currentSession,
    (s) => s === undefined,
    { what: 'the reading to be over' },
  );
  await server.waitForAllClosed(5000);
}

/** Waits for a reading other than `previous` to be the current one (one started by a key, menu or palette). */
export async function waitForNewSession(api: ReadAloudTestApi, previous: SpeechSession | undefined, what: string): Promise<SpeechSession> {
  return (await ui.waitFor(
    () => api.reader.currentSession,
    (s) => !!s && s !== previous,
    { what, intervalMs: 20 },
  ))!;
}

// ---- documents ----

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a file of the fixture workspace in the first editor group and makes it active. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** The range of the `occurrence`-th (0-based) `text` in the document. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = document.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(text)} (occurrence ${occurrence}) is in ${document.uri.path}`);
  }
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

export function selectionOf(document: vscode.TextDocument, text: string): vscode.Selection {
  const range = rangeOf(document, text);
  return new vscode.Selection(range.start, range.end);
}

/**
 * Sets the selection through the API and waits until the workbench shows it. The API call only sends
 * it to the UI; a right-click aimed at the drawn selection must not hit the previous one.
 */
export async function selectAndWaitUntilDrawn(editor: vscode.TextEditor, selection: vscode.Selection): Promise<void> {
  editor.selection = selection;
  const length = editor.document.offsetAt(selection.end) - editor.document.offsetAt(selection.start);
  const expected = `Ln ${selection.active.line + 1}, Col ${selection.active.character + 1}${length > 0 ? ` (${length} selected)` : ''}`;
  await ui.waitFor(
    async () => (await ui.statusBar()).find((item) => item.id === 'status.editor.selection')?.text,
    (text) => text === expected,
    { timeoutMs: 3000, what: `the status bar to show "${expected}"` },
  );
  // The status bar and the editor view update from the same event; two frames later both are drawn.
  await ui.pageEval('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))');
}

// ---- what the user sees and hears ----

/**
 * Waits until the player's <audio> is playing and its playhead moves (two reads `minAdvance` s apart),
 * i.e. the user hears it. Returns the later read.
 */
export async function waitForAudioAdvancing(what: string, minAdvance = 0.25, timeoutMs = 10_000): Promise<ui.PlayerState> {
  const first = await ui.waitFor(ui.playerState, (s) => s.paused === false && s.currentTime !== null, {
    timeoutMs,
    what: `the player to play (${what})`,
  });
  return ui.waitFor(ui.playerState, (s) => s.paused === false && (s.currentTime ?? 0) >= (first.currentTime ?? 0) + minAdvance, {
    timeoutMs,
    intervalMs: 50,
    what: `the playhead to move on by ${minAdvance} s (${what})`,
  });
}

/** The reading's status bar item, if shown. */
export async function readingStatusItem(): Promise<ui.StatusBarItem | undefined> {
  return (await ui.statusBar()).find((item) => item.id.endsWith(STATUS_ITEM_SUFFIX));
}

/** Notifications whose message matches `pattern` (the center is opened and closed by command). */
export async function notificationsMatching(pattern: RegExp): Promise<ui.Notification[]> {
  return (await ui.notifications()).filter((n) => pattern.test(n.message));
}

export function waitForNotification(pattern: RegExp, timeoutMs = 10_000): Promise<ui.Notification> {
  return ui
    .waitFor(
      () => notificationsMatching(pattern),
      (list) => list.length > 0,
      { timeoutMs, intervalMs: 250, what: `a notification matching ${pattern}` },
    )
    .then((list) => list[0]!);
}

/**
 * Records, inside the player, when its <audio> next falls silent (Date.now(): the webview and the
 * extension host share the machine's clock). Read back with `pauseProbeTime`. A read: no user activation.
 * `pause` alone is not enough: a stop detaches the stream right after pause(), and the load() that does
 * it removes the still-queued `pause` event (HTML media load algorithm); `emptied` comes instead.
 */
export async function armPauseProbe(): Promise<void> {
  const armed = await ui.webviewEval<boolean>(
    ui.PLAYER,
    `(() => {
      const audio = document.querySelector('audio');
      if (!audio) return false;
      window.__readAloudE2ePauseAt = null;
      const mark = () => { window.__readAloudE2ePauseAt ??= Date.now(); };
      audio.addEventListener('pause', mark, { once: true });
      audio.addEventListener('emptied', mark, { once: true });
      return true;
    })()`,
  );
  assert.ok(armed, 'the player has an <audio> to watch');
}

export function pauseProbeTime(): Promise<number | null> {
  return ui.webviewEval<number | null>(ui.PLAYER, 'window.__readAloudE2ePauseAt ?? null');
}

export interface HighlightedWord {
  /** The characters under the word highlight, as drawn. */
  readonly word: string;
  /** The whole line the highlight is on, as drawn (non-breaking spaces made plain). */
  readonly lineText: string;
  /** 0-based column of the first highlighted character. */
  readonly column: number;
}

/**
 * The word the user sees highlighted in the active editor. VS Code has no API to read decorations back,
 * so this reads the DOM: extension decorations are drawn as `.cdr.ced-<type key>-…` boxes in the
 * editor's `.view-overlays` layer; ReadingHighlighter's word decoration is the one with a solid border (the
 * sentence decoration has none). The characters whose middle lies inside that box are the word.
 */
export function highlightedWord(): Promise<HighlightedWord | null> {
  return ui.pageEval<HighlightedWord | null>(`(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return null;
    const boxes = [...editor.querySelectorAll('.view-overlays [class*="ced-"]')]
      .filter((el) => getComputedStyle(el).borderTopStyle === 'solid' && el.getBoundingClientRect().width > 0);
    if (boxes.length !== 1) return null;
    const box = boxes[0].getBoundingClientRect();
    const range = document.createRange();
    for (const line of editor.querySelectorAll('.view-lines .view-line')) {
      const r = line.getBoundingClientRect();
      if (r.bottom <= box.top + 1 || r.top >= box.bottom - 1) continue;
      let word = '';
      let column = -1;
      let index = 0;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let k = 0; k < node.data.length; k++, index++) {
          range.setStart(node, k);
          range.setEnd(node, k + 1);
          const c = range.getBoundingClientRect();
          const middle = (c.left + c.right) / 2;
          if (middle > box.left && middle < box.right) {
            if (column < 0) column = index;
            word += node.data[k];
          }
        }
      }
      const plain = (s) => s.replace(/\\u00a0/g, ' ');
      return { word: plain(word), lineText: plain(line.textContent || ''), column };
    }
    return null;
  })()`);
}

/** Where a highlighted word is in `document`: its offset, found through its (unique) line. */
export function offsetOfHighlight(document: vscode.TextDocument, highlight: HighlightedWord): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text === highlight.lineText) {
      return document.offsetAt(new vscode.Position(line, highlight.column));
    }
  }
  assert.fail(`the highlighted line ${JSON.stringify(highlight.lineText)} is not a line of ${document.uri.path}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes the workspace folder's `.vscode/settings.json` (`undefined`: removes it) and waits until VS Code has read it. */
export async function writeWorkspaceSettings(folder: string, settings: object | undefined): Promise<void> {
  const file = path.join(folder, '.vscode', 'settings.json');
  const changed = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('readAloud')) {
        subscription.dispose();
        resolve();
      }
    });
  });
  if (settings) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify(settings, null, 2));
  } else {
    await fs.rm(file, { force: true });
  }
  await Promise.race([changed, sleep(5000)]);
}

/**
 * Reads long.txt with Read Document until the highlight reaches its third line, pauses, and stops: the
 * reading's place is then remembered. Returns the editor, its document, the session and the 0-based line the
 * reading was paused on.
 */
export async function readLongTextAndStopPastLine3(
  edge: FakeEdgeContext,
): Promise<{ editor: vscode.TextEditor; document: vscode.TextDocument; session: SpeechSession; line: number }> {
  const editor = await openFixture('long.txt');
  const document = editor.document;
  await ui.runCommandFromPalette('Read Document');
  const session = await waitForNewSession(edge.api, undefined, 'Read Document to start a reading');
  await edge.states.waitFor(session.readingId, ['playing']);
  await waitForAudioAdvancing('the document');
  await ui.waitFor(highlightedWord, (h) => !!h && h.lineText === document.lineAt(2).text, {
    what: 'the reading to reach line 3',
    timeoutMs: 20_000,
  });
  await vscode.commands.executeCommand('readAloud.togglePause');
  await edge.states.waitFor(session.readingId, ['paused']);
  const where = await highlightedWord();
  const line = [...Array(document.lineCount).keys()].find((n) => document.lineAt(n).text === where?.lineText);
  assert.ok(line !== undefined && line >= 2, `paused on line ${line}`);
  await stopReading(edge);
  return { editor, document, session, line };
}

/** The workspace folder's `.vscode/settings.json` for this suite: `write` replaces it, and it is removed after the suite. */
export function useWorkspaceSettings(): { write(settings: object | undefined): Promise<void> } {
  let folder: string | undefined;
  before(() => {
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root && root.uri.scheme === 'file', 'a local workspace folder');
    folder = root.uri.fsPath;
  });
  after(() => (folder ? writeWorkspaceSettings(folder, undefined) : undefined));
  return {
    write: (settings) => {
      assert.ok(folder, 'the workspace folder is known (before hook ran)');
      return writeWorkspaceSettings(folder, settings);
    },
  };
}
