// A local server that speaks Edge's Read Aloud protocol (docs/protocol.md §8), so every test of the
// speech path runs without the internet: the handshake checks (token, Sec-MS-GEC, UA, Origin → 403),
// the voice list, and per-connection synthesis (connection.ts). Faults reproduce what the service does wrong.
import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { EdgeConnection, faultApplies, type ResolvedOptions } from './connection';
import { speechFixture24k48 } from './rendition';
import { isAcceptedSecMsGec, TRUSTED_CLIENT_TOKEN } from './secMsGec';
import type {
  FakeEdgeConnectionLog,
  FakeEdgeOptions,
  FakeEdgeRejectedUpgrade,
  FakeEdgeRequestLog,
  FakeEdgeServer,
  FakeEdgeVoiceListBody,
  FakeEdgeVoiceListRequest,
} from './types';
import { FAKE_EDGE_VOICES } from './voices';

export type * from './types';
export { FAKE_EDGE_VOICES, findVoice, type EdgeVoice } from './voices';
export { TRUSTED_CLIENT_TOKEN, secMsGecAt } from './secMsGec';

export const SYNTHESIS_PATH = '/consumer/speech/synthesize/readaloud/edge/v1';
export const VOICES_PATH = '/consumer/speech/synthesize/readaloud/voices/list';
/** The extension ID in the Origin header Edge sends. */
export const EDGE_ORIGIN = 'chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold';

export const DEFAULT_FAKE_EDGE_OPTIONS: ResolvedOptions = {
  firstAudioDelayMs: 120,
  speedFactor: 5,
  charsPerSecond: 15,
  fault: 'none',
  faultOnRequest: undefined,
  faultFromRequest: undefined,
  fuzzSeed: 1,
  fuzzMessagesPerRequest: 1000,
  clockOffsetMs: 0,
};

const DEFAULT_WAIT_MS = 5000;

export async function startFakeEdgeServer(options: FakeEdgeOptions = {}): Promise<FakeEdgeServer> {
  const server = new FakeEdge(options);
  await server.listen();
  return server;
}

function validated(options: ResolvedOptions): ResolvedOptions {
  const positive = (name: keyof ResolvedOptions, v: number): void => {
    if (!(v > 0)) throw new RangeError(`FakeEdgeOptions.${name} must be > 0, got ${v}`);
  };
  positive('speedFactor', options.speedFactor);
  positive('charsPerSecond', options.charsPerSecond);
  if (!(options.firstAudioDelayMs >= 0)) throw new RangeError('FakeEdgeOptions.firstAudioDelayMs must be >= 0');
  return options;
}

/** Query parameters by case-insensitive name (clients spell TrustedClientToken differently). */
function queryParam(url: URL, name: string): string | undefined {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

class FakeEdge implements FakeEdgeServer {
  private readonly http = http.createServer((req, res) => this.onHttpRequest(req, res));
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false });
  private readonly sockets = new Set<Socket>();
  private readonly live = new Set<EdgeConnection>();
  private opts: ResolvedOptions;
  private nextConnectionId = 1;
  private upgradeCount = 0;
  private readonly closeWaiters = new Set<Waiter<{ connection: FakeEdgeConnectionLog; at: number }>>();
  private readonly allClosedWaiters = new Set<Waiter<void>>();

  readonly connections: FakeEdgeConnectionLog[] = [];
  readonly requests: FakeEdgeRequestLog[] = [];
  readonly rejectedUpgrades: FakeEdgeRejectedUpgrade[] = [];
  readonly voiceListRequests: FakeEdgeVoiceListRequest[] = [];
  private voiceListBody: FakeEdgeVoiceListBody | undefined;

  constructor(options: FakeEdgeOptions) {
    this.opts = validated({ ...DEFAULT_FAKE_EDGE_OPTIONS, ...options });
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    // Tracked so close() can destroy keep-alive HTTP sockets (Node 20's global agent keeps them) and
    // upgraded ones alike; otherwise they would keep the test process alive.
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
  }

  get port(): number {
    const address = this.http.address();
    if (!address || typeof address === 'string') throw new Error('fake Edge server is not listening');
    return address.port;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}${SYNTHESIS_PATH}`;
  }

  get voicesUrl(): string {
    return `http://127.0.0.1:${this.port}${VOICES_PATH}?trustedclienttoken=${TRUSTED_CLIENT_TOKEN}`;
  }

  get options(): ResolvedOptions {
    return this.opts;
  }

  setOptions(options: FakeEdgeOptions): void {
    this.opts = validated({ ...this.opts, ...options });
  }

  openSocketCount(): number {
    return this.live.size;
  }

  reset(): void {
    this.connections.length = 0;
    this.requests.length = 0;
    this.rejectedUpgrades.length = 0;
    this.voiceListRequests.length = 0;
    this.upgradeCount = 0;
  }

  waitForAllClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return this.wait(this.allClosedWaiters, timeoutMs, `${this.live.size} socket(s) still open after ${timeoutMs} ms`);
  }

  nextClose(timeoutMs = DEFAULT_WAIT_MS): Promise<{ connection: FakeEdgeConnectionLog; at: number }> {
    return this.wait(this.closeWaiters, timeoutMs, `no connection closed within ${timeoutMs} ms`);
  }

  async close(): Promise<void> {
    for (const connection of [...this.live]) connection.terminate();
    for (const socket of this.sockets) socket.destroy();
    // ws reports 'close' a tick after the TCP socket is gone; wait so the logs are final on return.
    await this.waitForAllClosed(1000).catch(() => undefined);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    // Waiters whose event can no longer happen must not hold the process open until their timeout.
    this.rejectAll(this.closeWaiters);
    this.rejectAll(this.allClosedWaiters);
  }

  private rejectAll(waiters: Set<Pick<Waiter<unknown>, 'reject' | 'timer'>>): void {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('fake Edge server closed'));
    }
    waiters.clear();
  }

  private wait<T>(waiters: Set<Waiter<T>>, timeoutMs: number, message: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve,
        reject,
        timer: setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(message));
        }, timeoutMs),
      };
      waiters.add(waiter);
    });
  }

  private settle<T>(waiters: Set<Waiter<T>>, value: T): void {
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(value);
    }
    waiters.clear();
  }

  /** Server time: what the service's clock reads while the client's reads Date.now(). */
  private serverNow(): number {
    return Date.now() + this.opts.clockOffsetMs;
  }

  private onHttpRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const date = new Date(this.serverNow()).toUTCString();
    if (url.pathname !== VOICES_PATH || req.method !== 'GET') {
      res.writeHead(404, { Date: date, 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    const status = queryParam(url, 'trustedclienttoken') === TRUSTED_CLIENT_TOKEN ? 200 : 401;
    const log: FakeEdgeVoiceListRequest = { at: performance.now(), url: req.url ?? '', headers: { ...req.headers }, status, bytesSent: 0 };
    this.voiceListRequests.push(log);
    if (status !== 200) {
      res.writeHead(status, { Date: date, 'Content-Type': 'text/plain' }).end('Unauthorized');
      return;
    }
    if (this.voiceListBody) {
      this.streamVoiceList(res, this.voiceListBody, log, date);
      return;
    }
    const body = JSON.stringify(FAKE_EDGE_VOICES);
    log.bytesSent = Buffer.byteLength(body);
    res.writeHead(200, { Date: date, 'Content-Type': 'application/json; charset=utf-8' }).end(body);
  }

  serveVoiceList(body: FakeEdgeVoiceListBody | undefined): void {
    this.voiceListBody = body;
  }

  /** Writes the body piece by piece, waiting for each to drain; stops when the client hangs up. */
  private streamVoiceList(res: http.ServerResponse, body: FakeEdgeVoiceListBody, log: FakeEdgeVoiceListRequest, date: string): void {
    const headers: http.OutgoingHttpHeaders = { Date: date, 'Content-Type': 'application/json; charset=utf-8' };
    if (body.contentLength !== undefined) headers['Content-Length'] = String(body.contentLength);
    res.writeHead(200, headers);
    const pieces = body.chunks()[Symbol.iterator]();
    res.on('close', () => pieces.return?.());
    res.on('error', () => undefined);
    const pump = (): void => {
      while (!res.destroyed && !res.writableEnded) {
        const next = pieces.next();
        if (next.done) {
          res.end();
          return;
        }
        log.bytesSent += Buffer.byteLength(next.value);
        if (!res.write(next.value)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  private handshakeProblem(url: URL, req: http.IncomingMessage): FakeEdgeRejectedUpgrade['reason'] | undefined {
    if (queryParam(url, 'TrustedClientToken') !== TRUSTED_CLIENT_TOKEN) return 'token';
    if (!isAcceptedSecMsGec(queryParam(url, 'Sec-MS-GEC') ?? '', this.serverNow())) return 'sec-ms-gec';
    // The service has refused non-Edge clients since Dec 2025 (msedge-tts 2.0.4 added these two headers).
    if (!headerValue(req.headers['user-agent']).includes('Edg/')) return 'user-agent';
    if (headerValue(req.headers.origin) !== EDGE_ORIGIN) return 'origin';
    return undefined;
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {
      /* a client that gives up mid-handshake is not an error of the server */
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SYNTHESIS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const attempt = ++this.upgradeCount;
    const { fault } = this.opts;
    const faulted = faultApplies(this.opts, attempt);
    const rejection = (status: 403 | 503 | 'reset', reason: FakeEdgeRejectedUpgrade['reason'], date?: string): void => {
      this.rejectedUpgrades.push({
        at: performance.now(),
        url: req.url ?? '',
        headers: { ...req.headers },
        status,
        reason,
        ...(date ? { date } : {}),
      });
    };

    if (faulted && fault === 'refuse') {
      rejection('reset', 'fault');
      socket.destroy();
      return;
    }
    if (faulted && fault === 'serverError') {
      rejection(503, 'fault');
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nUnavailable',
      );
      return;
    }
    const problem = faulted && fault === 'forbidden' ? 'fault' : this.handshakeProblem(url, req);
    if (problem) {
      // The Date header is what lets a client (Python's edge-tts does) correct its clock and retry.
      const date = new Date(this.serverNow()).toUTCString();
      rejection(403, problem, date);
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nDate: ${date}\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nForbidden`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
  }

  private accept(ws: WebSocket, req: http.IncomingMessage): void {
    const log: FakeEdgeConnectionLog = {
      id: this.nextConnectionId++,
      openedAt: performance.now(),
      headers: { ...req.headers },
      url: req.url ?? '',
      requests: [],
    };
    this.connections.push(log);
    const connection = new EdgeConnection(ws, log, {
      options: () => this.opts,
      registerRequest: (request) => this.requests.push(request),
      audioSource: speechFixture24k48,
      onClosed: (closed, at) => {
        this.live.delete(closed);
        this.settle(this.closeWaiters, { connection: closed.log, at });
        if (this.live.size === 0) this.settle(this.allClosedWaiters, undefined);
      },
    });
    this.live.add(connection);
  }
}
