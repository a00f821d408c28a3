// Runs the real player bundle in headless Chromium the way VS Code runs a webview: the document from
// renderPlayerHtml (its CSP in force) in a cross-site iframe, a stand-in for the webview API, and a host
// frame that posts real MP3 fixtures to it in 4096-byte chunks over time, as `message` events.
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Browser, ConsoleMessage, FrameLocator, Page, chromium } from 'playwright-core';
import { createNonce, renderPlayerHtml } from '../../src/player/playerHtml';
import { AUDIO_CHUNK_BYTES, FromPlayerMessage } from '../../src/shared/protocol';
import { format, useTranslator } from '../../src/shared/l10n';
import { playerStrings, type PlayerStrings } from '../../src/shared/playerStrings';

/** Compiled to out/test/browser: the repository is three levels up. */
const ROOT = path.resolve(__dirname, '../../..');

export const FIXTURE_SECONDS = { 'speech.mp3': 25.56, 'counting.mp3': 7.512 } as const;
export type FixtureName = keyof typeof FIXTURE_SECONDS;

/**
 * The Chromium the tests drive: Debian's, or the one `READ_ALOUD_CHROMIUM` names (which is also how a
 * test proves that a missing browser fails fast). Missing, it fails with one line saying what to do,
 * before anything else is opened.
 */
export function chromiumExecutable(): string {
  const executable = process.env.READ_ALOUD_CHROMIUM || '/usr/bin/chromium';
  try {
    fs.accessSync(executable, fs.constants.X_OK);
  } catch {
    throw new Error(`chromium not found at ${executable}: run scripts/install-prerequisites.sh`);
  }
  return executable;
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** A browser and the player's server, opened together and closed together. */
export interface BrowserRig {
  readonly browser: Browser;
  readonly server: PlayerServer;
  close(): Promise<void>;
}

/**
 * Opens the player's server and a browser. If the browser cannot be launched the server is closed
 * again before the error is passed on, so a failed start leaves nothing open to keep the process alive.
 */
export async function openBrowserRig(extraArgs: readonly string[] = []): Promise<BrowserRig> {
  chromiumExecutable(); // before opening anything
  const server = await startPlayerServer();
  let browser: Browser;
  try {
    browser = await launchChromium(extraArgs);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    browser,
    server,
    async close() {
      try {
        await browser.close();
      } finally {
        await server.close();
      }
    },
  };
}

/**
 * Mocha hooks for a suite that drives the player in Chromium: one browser and server for the suite,
 * opened in `before` and closed in `after` whatever happened in between (mocha runs `after` hooks even
 * when `before` failed).
 */
export function useBrowserRig(extraArgs: readonly string[] = []): { readonly browser: Browser; readonly server: PlayerServer } {
  let rig: BrowserRig | undefined;
  before(async () => {
    rig = await openBrowserRig(extraArgs);
  });
  after(async () => {
    const opened = rig;
    rig = undefined;
    await opened?.close();
  });
  const current = (): BrowserRig => {
    if (rig === undefined) {
      throw new Error('the browser opens in before()');
    }
    return rig;
  };
  return {
    get browser() {
      return current().browser;
    },
    get server() {
      return current().server;
    },
  };
}

/**
 * Mocha hooks for a suite whose tests each drive a fresh player page, in a webview whose audio the user has
 * already enabled (Chromium's autoplay rule lifted; autoplay.test.ts tests the click itself): the suite's
 * browser rig, and a page opened before each test and closed after it whatever the test did. `use` is
 * handed each test's page.
 */
export function usePlayerPerTest(use: (player: PlayerPage) => void): void {
  const rig = useBrowserRig(['--autoplay-policy=no-user-gesture-required']);
  let opened: PlayerPage | undefined;
  beforeEach(async () => {
    opened = await PlayerPage.open(rig.browser, rig.server);
    use(opened);
  });
  afterEach(async () => {
    const page = opened;
    opened = undefined;
    await page?.close();
  });
}

/**
 * Bundles media/player.ts with the same options as build.mjs's player bundle, in memory: build.mjs also
 * bundles the extension host, which must not decide whether the player's tests can run, and a fresh
 * bundle guarantees the tests exercise the current sources rather than a stale dist/.
 */
let bundled: Promise<string> | undefined;
function bundlePlayer(): Promise<string> {
  bundled ??= bundle({ entryPoints: [path.join(ROOT, 'media/player.ts')] });
  return bundled;
}

/** `AudioStream` alone, on `window`, for tests that need limits the player does not expose (audioStreamPage.ts). */
let bundledStream: Promise<string> | undefined;
function bundleAudioStream(): Promise<string> {
  bundledStream ??= bundle({ entryPoints: [path.join(ROOT, 'test/browser/audioStreamPage.ts')] });
  return bundledStream;
}

function bundle(entry: Pick<esbuild.BuildOptions, 'entryPoints' | 'stdin'>): Promise<string> {
  return esbuild
    .build({
      ...entry,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      sourcemap: 'inline',
      write: false,
      logLevel: 'silent',
    })
    .then((result) => {
      const output = result.outputFiles[0];
      if (output === undefined) {
        throw new Error('esbuild produced no bundle');
      }
      return output.text;
    });
}

export interface PlayerServer {
  /** The player's origin, like a webview's own origin. */
  readonly playerOrigin: string;
  /** The page standing in for VS Code's workbench, on another site so the player is a cross-site iframe. */
  readonly hostUrl: string;
  close(): Promise<void>;
}

/**
 * Serves the player on 127.0.0.1 (a fresh nonce per load) and a host page on localhost that embeds it in
 * an iframe, as VS Code embeds a webview. Tests drive the host frame only: see `PlayerPage`.
 */
/**
 * The player's strings as a translation would give them: every template marked «…» (its placeholders
 * kept), the way VS Code's l10n.t returns a translated bundle entry. Built through the same translator
 * seam as the extension's, so the player must show what the host rendered, not words of its own.
 */
export function pseudoTranslatedPlayerStrings(): PlayerStrings {
  useTranslator((message, ...args) => format(`«${message}»`, args));
  try {
    return playerStrings();
  } finally {
    useTranslator(undefined);
  }
}

export async function startPlayerServer(): Promise<PlayerServer> {
  const [script, streamScript] = await Promise.all([bundlePlayer(), bundleAudioStream()]);
  const style = await fs.promises.readFile(path.join(ROOT, 'media/player.css'), 'utf8');
  let port = 0;
  const server = http.createServer((request, response) => {
    const playerOrigin = `http://127.0.0.1:${port}`;
    const send = (type: string, body: string): void => {
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    switch (request.url) {
      case '/':
      case '/?translated':
        send(
          'text/html; charset=utf-8',
          renderPlayerHtml({
            cspSource: playerOrigin,
            nonce: createNonce(),
            scriptUri: `${playerOrigin}/player.js`,
            styleUri: `${playerOrigin}/player.css`,
            strings: request.url === '/?translated' ? pseudoTranslatedPlayerStrings() : playerStrings(),
            language: request.url === '/?translated' ? 'qps-ploc' : 'en',
          }),
        );
        return;
      case '/player.js':
        send('text/javascript; charset=utf-8', script);
        return;
      case '/audio-stream':
        send(
          'text/html; charset=utf-8',
          renderPlayerHtml({
            cspSource: playerOrigin,
            nonce: createNonce(),
            scriptUri: `${playerOrigin}/audio-stream.js`,
            styleUri: `${playerOrigin}/player.css`,
            strings: playerStrings(),
          }),
        );
        return;
      case '/audio-stream.js':
        send('text/javascript; charset=utf-8', streamScript);
        return;
      case '/player.css':
        send('text/css; charset=utf-8', style);
        return;
      case '/host':
      case '/host?translated':
        send(
          'text/html; charset=utf-8',
          `<!DOCTYPE html><html><head><title>Host</title></head><body>` +
            `<iframe id="player" src="${playerOrigin}/${request.url === '/host?translated' ? '?translated' : ''}" width="420" height="240"></iframe></body></html>`,
        );
        return;
      default:
        // favicon.ico and anything else: an empty answer rather than a 404 in the console.
        response.writeHead(204).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    playerOrigin: `http://127.0.0.1:${port}`,
    hostUrl: `http://localhost:${port}/host`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections of a browser that crashed or was never closed would hold close() open.
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The page side. `installHarness` is serialized by Playwright and runs before any page script in both
// frames: in the player's frame it stands in for VS Code's webview API; in the host frame it is the
// "extension host" that posts messages and chunks to the player.
//
// Why two frames: Playwright runs every `evaluate` as a user gesture (CDP `userGesture: true`), which
// would unlock autoplay in whichever frame it runs in. So tests never evaluate in the player's frame;
// they learn its state through postMessage, which carries no user activation, as VS Code's host does.

export type RecordedMessage = FromPlayerMessage & { readonly at: number };

export interface FeedOptions {
  readonly readingId: number;
  readonly fixture: FixtureName;
  /** Pause between chunks; 0 posts them all at once. */
  readonly intervalMs: number;
  /** The fixture is repeated this many times back to back (one long stream). */
  readonly repeat?: number;
  /** Post `end` after the last chunk. */
  readonly end?: boolean;
  /** Start at this chunk (the earlier ones were sent by hand). */
  readonly fromSeq?: number;
}

export interface AudioState {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly playbackRate: number;
  readonly preservesPitch: boolean;
  readonly bufferedStart: number;
  readonly bufferedEnd: number;
  readonly hasSource: boolean;
}

/** What the player's frame reports about itself. */
export interface PlayerSnapshot {
  /** Epoch time (ms) in the player's frame when the snapshot was taken. */
  readonly at: number;
  readonly audio: AudioState;
  /** `<audio>` elements the player ever created (by createElement or `new Audio`). */
  readonly audioElementsCreated: number;
  readonly violations: string[];
  readonly vscodeState: unknown;
  readonly statusText: string;
  readonly unlockButtonVisible: boolean;
  /** The player's Web Audio output (system-voice readings). */
  readonly webAudio: WebAudioState;
  /** Epoch time (ms) at which the player's frame last received a `stop` from the host; null if never. */
  readonly lastStopAt: number | null;
}

export interface WebAudioState {
  /** AudioContexts the player ever created. */
  readonly contexts: number;
  /** The last one's state: 'running', 'suspended', 'closed', or 'none'. */
  readonly state: string;
  /** The loudest RMS level sent to the speakers (sampled every 20 ms) since the previous snapshot. */
  readonly peakLevel: number;
}

interface HostHarness {
  /** Everything the player posted, stamped with the epoch time (ms) at which it posted it. */
  readonly inbox: RecordedMessage[];
  /** Epoch time (ms) at which each reading's first chunk was posted. */
  readonly firstChunkAt: Record<number, number>;
  /** How many chunks each reading has had posted. */
  readonly chunksSent: Record<number, number>;
  addFixture(name: string, base64: string): void;
  send(message: unknown): void;
  sendChunk(readingId: number, seq: number, fixture: string): void;
  feed(options: FeedOptions): number;
  cancelFeed(handle: number): void;
  /** Sends `messages` and then asks for a snapshot, which the player answers after handling them. */
  sendThenQuery(messages: unknown[]): Promise<PlayerSnapshot>;
}

declare global {
  interface Window {
    __host: HostHarness;
    acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
  }
}

interface HarnessConfig {
  readonly playerOrigin: string;
  readonly chunkBytes: number;
  readonly initialState: unknown;
}

function installHarness(config: HarnessConfig): void {
  const TAG = '__readAloudHarness';
  const now = (): number => performance.timeOrigin + performance.now();

  if (location.origin === config.playerOrigin) {
    // The player's frame: VS Code's webview API, and answers to the host harness's queries.
    let acquired = false;
    let state = config.initialState;
    const violations: string[] = [];
    let audioElementsCreated = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the document as `this` below
    const createElement = Document.prototype.createElement;
    const countingCreateElement = function (this: Document, tagName: string, options?: ElementCreationOptions) {
      if (tagName.toLowerCase() === 'audio') {
        audioElementsCreated++;
      }
      return createElement.call(this, tagName, options);
    };
    Document.prototype.createElement = countingCreateElement;
    const NativeAudio = window.Audio;
    window.Audio = function (src?: string) {
      audioElementsCreated++;
      return new NativeAudio(src);
    } as unknown as typeof Audio;
    window.acquireVsCodeApi = () => {
      if (acquired) {
        throw new Error('acquireVsCodeApi was called twice'); // as in VS Code
      }
      acquired = true;
      return {
        postMessage: (message: unknown) => parent.postMessage({ [TAG]: 'fromPlayer', message, at: now() }, '*'),
        getState: () => state,
        setState: (value: unknown) => {
          state = structuredClone(value);
        },
      };
    };
    // Web Audio: count the contexts and listen to what reaches each one's speakers.
    let webAudioContexts = 0;
    let lastContext: AudioContext | undefined;
    let peakLevel = 0;
    const taps = new Map<BaseAudioContext, AnalyserNode>();
    const NativeAudioContext = window.AudioContext;
    window.AudioContext = class extends NativeAudioContext {
      constructor(options?: AudioContextOptions) {
        super(options);
        webAudioContexts++;
        // eslint-disable-next-line @typescript-eslint/no-this-alias -- records the newest context for the level meter, not a stand-in for `this`
        lastContext = this;
        const tap = this.createAnalyser();
        tap.fftSize = 1024;
        taps.set(this, tap);
      }
    };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with .call/.apply on a node
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      const destination = args[0];
      const tap = destination instanceof AudioDestinationNode ? taps.get(destination.context) : undefined;
      if (tap !== undefined && tap !== this) {
        connect.call(this, tap);
      }
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;
    const levels = new Float32Array(1024);
    setInterval(() => {
      const tap = lastContext && taps.get(lastContext);
      // A suspended context's analyser holds its last frame: only a running one is heard.
      if (tap && lastContext?.state === 'running') {
        tap.getFloatTimeDomainData(levels);
        let sum = 0;
        for (const v of levels) sum += v * v;
        peakLevel = Math.max(peakLevel, Math.sqrt(sum / levels.length));
      }
    }, 20);
    document.addEventListener(
      'securitypolicyviolation',
      (event) =>
        violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
      true,
    );
    let lastStopAt: number | null = null;
    // Registered before the player's listener, so harness queries never reach (and warn in) the player.
    window.addEventListener(
      'message',
      (event: MessageEvent<unknown>) => {
        const data = event.data as Record<string, unknown> | null;
        if (typeof data === 'object' && data !== null && data.type === 'stop') {
          lastStopAt = now(); // the player handles it right after, in this same task
        }
        if (typeof data !== 'object' || data === null || data[TAG] !== 'query') {
          return;
        }
        event.stopImmediatePropagation();
        const audio = document.querySelector('audio');
        const ranges = audio?.buffered;
        const unlock = document.querySelector<HTMLElement>('.unlock button') ?? undefined;
        const snapshot: PlayerSnapshot = {
          at: now(),
          audio: {
            currentTime: audio?.currentTime ?? NaN,
            paused: audio?.paused ?? true,
            ended: audio?.ended ?? false,
            playbackRate: audio?.playbackRate ?? NaN,
            preservesPitch: audio?.preservesPitch ?? false,
            bufferedStart: ranges !== undefined && ranges.length > 0 ? ranges.start(0) : 0,
            bufferedEnd: ranges !== undefined && ranges.length > 0 ? ranges.end(ranges.length - 1) : 0,
            hasSource: audio !== null && audio.src !== '',
          },
          audioElementsCreated,
          violations: [...violations],
          vscodeState: state,
          statusText: document.querySelector('[role="status"]')?.textContent ?? '',
          unlockButtonVisible: unlock !== undefined && unlock.checkVisibility(),
          webAudio: { contexts: webAudioContexts, state: lastContext?.state ?? 'none', peakLevel },
          lastStopAt,
        };
        peakLevel = 0;
        parent.postMessage({ [TAG]: 'snapshot', id: data.id, snapshot }, '*');
      },
      true,
    );
    return;
  }

  // The host frame.
  const fixtures: Record<string, Uint8Array> = {};
  const feeds = new Map<number, ReturnType<typeof setInterval>>();
  const pendingQueries = new Map<number, (snapshot: PlayerSnapshot) => void>();
  let nextId = 1;
  const player = (): Window => {
    const frame = document.getElementById('player') as HTMLIFrameElement | null;
    if (frame?.contentWindow == null) {
      throw new Error('the player iframe is not there');
    }
    return frame.contentWindow;
  };
  const bytesOf = (name: string, times: number): Uint8Array => {
    const once = fixtures[name];
    if (once === undefined) {
      throw new Error(`fixture ${name} not loaded`);
    }
    const all = new Uint8Array(once.length * times);
    for (let i = 0; i < times; i++) {
      all.set(once, i * once.length);
    }
    return all;
  };
  const postChunk = (readingId: number, seq: number, bytes: Uint8Array): boolean => {
    const start = seq * config.chunkBytes;
    if (start >= bytes.length) {
      return false;
    }
    harness.firstChunkAt[readingId] ??= now();
    harness.chunksSent[readingId] = (harness.chunksSent[readingId] ?? 0) + 1;
    harness.send({ type: 'chunk', readingId, seq, data: bytes.slice(start, start + config.chunkBytes).buffer });
    return true;
  };

  const harness: HostHarness = {
    inbox: [],
    firstChunkAt: {},
    chunksSent: {},
    addFixture(name, base64) {
      fixtures[name] = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    },
    send(message) {
      // VS Code delivers host messages to the webview as `message` events; ArrayBuffers are cloned across.
      player().postMessage(message, config.playerOrigin);
    },
    sendChunk(readingId, seq, fixture) {
      if (!postChunk(readingId, seq, bytesOf(fixture, 1))) {
        throw new Error(`${fixture} has no chunk ${seq}`);
      }
    },
    feed(options) {
      const bytes = bytesOf(options.fixture, options.repeat ?? 1);
      let seq = options.fromSeq ?? 0;
      const handle = nextId++;
      const step = (): boolean => {
        if (postChunk(options.readingId, seq, bytes)) {
          seq++;
          return true;
        }
        if (options.end === true) {
          harness.send({ type: 'end', readingId: options.readingId });
        }
        return false;
      };
      if (options.intervalMs === 0) {
        while (step()) {
          // all at once
        }
        return handle;
      }
      if (step()) {
        feeds.set(
          handle,
          setInterval(() => {
            if (!step()) {
              harness.cancelFeed(handle);
            }
          }, options.intervalMs),
        );
      }
      return handle;
    },
    cancelFeed(handle) {
      clearInterval(feeds.get(handle));
      feeds.delete(handle);
    },
    sendThenQuery(messages) {
      const id = nextId++;
      const answer = new Promise<PlayerSnapshot>((resolve) => pendingQueries.set(id, resolve));
      for (const message of messages) {
        harness.send(message);
      }
      harness.send({ [TAG]: 'query', id });
      return answer;
    },
  };
  window.__host = harness;

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null) {
      return;
    }
    if (data[TAG] === 'fromPlayer') {
      harness.inbox.push({ ...(data.message as FromPlayerMessage), at: data.at as number });
    } else if (data[TAG] === 'snapshot') {
      const resolve = pendingQueries.get(data.id as number);
      pendingQueries.delete(data.id as number);
      resolve?.(data.snapshot as PlayerSnapshot);
    }
  });
}

/** One player webview (in its host page, in its own browser context). */
export class PlayerPage {
  readonly consoleMessages: ConsoleMessage[] = [];
  readonly pageErrors: Error[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (message) => this.consoleMessages.push(message));
    page.on('pageerror', (error) => this.pageErrors.push(error));
  }

  /** `translated`: the player's document carries pseudoTranslatedPlayerStrings() instead of the English ones. */
  static async open(
    browser: Browser,
    server: PlayerServer,
    options: { vscodeState?: unknown; translated?: boolean } = {},
  ): Promise<PlayerPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const player = new PlayerPage(page);
    const config: HarnessConfig = { playerOrigin: server.playerOrigin, chunkBytes: AUDIO_CHUNK_BYTES, initialState: options.vscodeState };
    await page.addInitScript(installHarness, config);
    await page.goto(options.translated ? `${server.hostUrl}?translated` : server.hostUrl);
    for (const name of Object.keys(FIXTURE_SECONDS)) {
      const base64 = (await fs.promises.readFile(path.join(ROOT, 'test/fixtures', name))).toString('base64');
      await page.evaluate(([n, b]) => window.__host.addFixture(n, b), [name, base64] as const);
    }
    await player.waitForMessage('ready');
    return player;
  }

  /** The player's document, for real clicks (and nothing else: see `installHarness`). */
  get frame(): FrameLocator {
    return this.page.frameLocator('#player');
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }

  send(message: unknown): Promise<void> {
    return this.page.evaluate((m) => window.__host.send(m), message);
  }

  start(readingId: number, playbackRate = 1): Promise<void> {
    return this.send({ type: 'start', readingId, playbackRate });
  }

  sendChunk(readingId: number, seq: number, fixture: FixtureName): Promise<void> {
    return this.page.evaluate(([r, s, f]) => window.__host.sendChunk(r, s, f), [readingId, seq, fixture] as const);
  }

  feed(options: FeedOptions): Promise<number> {
    return this.page.evaluate((o) => window.__host.feed(o), options);
  }

  cancelFeed(handle: number): Promise<void> {
    return this.page.evaluate((h) => window.__host.cancelFeed(h), handle);
  }

  /** The player's state right after it has handled everything sent so far (and `messages`). */
  snapshot(messages: unknown[] = []): Promise<PlayerSnapshot> {
    return this.page.evaluate((m) => window.__host.sendThenQuery(m), messages);
  }

  async audio(): Promise<AudioState> {
    return (await this.snapshot()).audio;
  }

  firstChunkAt(readingId: number): Promise<number | undefined> {
    return this.page.evaluate((r) => window.__host.firstChunkAt[r], readingId);
  }

  async chunksSent(readingId: number): Promise<number> {
    return (await this.page.evaluate((r) => window.__host.chunksSent[r], readingId)) ?? 0;
  }

  inbox(): Promise<RecordedMessage[]> {
    return this.page.evaluate(() => window.__host.inbox);
  }

  async messages<T extends FromPlayerMessage['type']>(type: T, readingId?: number): Promise<Array<Extract<RecordedMessage, { type: T }>>> {
    const all = await this.inbox();
    return all.filter(
      (m): m is Extract<RecordedMessage, { type: T }> =>
        m.type === type && (readingId === undefined || ('readingId' in m && m.readingId === readingId)),
    );
  }

  async waitForMessage<T extends FromPlayerMessage['type']>(
    type: T,
    readingId?: number,
    timeoutMs = 10_000,
  ): Promise<Extract<RecordedMessage, { type: T }>> {
    let found: Extract<RecordedMessage, { type: T }> | undefined;
    await until(`a '${type}' message${readingId === undefined ? '' : ` for reading ${readingId}`}`, timeoutMs, async () => {
      found = (await this.messages(type, readingId))[0];
      return found !== undefined;
    });
    return found as Extract<RecordedMessage, { type: T }>;
  }

  async waitForAudio(what: string, timeoutMs: number, condition: (audio: AudioState) => boolean): Promise<AudioState> {
    let last: AudioState | undefined;
    await until(what, timeoutMs, async () => {
      last = await this.audio();
      return condition(last);
    });
    return last as AudioState;
  }

  /** CSP violations, uncaught errors and console errors in either frame: any is a failure. */
  async problems(): Promise<string[]> {
    const { violations } = await this.snapshot();
    return [
      ...violations.map((v) => `CSP violation: ${v}`),
      ...this.pageErrors.map((e) => `page error: ${e.message}`),
      ...this.consoleMessages.filter((m) => m.type() === 'error').map((m) => `console error: ${m.text()}`),
    ];
  }

  warnings(): string[] {
    return this.consoleMessages.filter((m) => m.type() === 'warning').map((m) => m.text());
  }
}

/**
 * The first progress after `playing` must be no further into the audio than the time since `playing`
 * allows: a reading that played old audio, or skipped its start, would be seconds in.
 */
export async function assertStartedNearZero(player: PlayerPage, readingId: number, playingAt: number, rate: number): Promise<void> {
  let first: (RecordedMessage & { type: 'progress' }) | undefined;
  await until('the first progress after playing', 10_000, async () => {
    first = (await player.messages('progress', readingId)).find((m) => m.at >= playingAt);
    return first !== undefined;
  });
  const { currentTime, at } = first!;
  const allowed = ((at - playingAt) / 1000) * rate + 0.15;
  assert.ok(currentTime <= allowed, `started at ${currentTime} s (at most ${allowed} s expected)`);
}

/** Polls `condition` every 20 ms until it holds; fails naming `what`. */
export async function until(what: string, timeoutMs: number, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await delay(20);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
