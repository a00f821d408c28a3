// One accepted WebSocket: speech.config, then any number of ssml requests, possibly concurrent, each
// answered with turn.start, response, paced audio (+ boundaries), terminator, turn.end (docs/protocol.md §3).
// Errors the service reports by closing with 1007 are reported the same way.
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { audioMessage, audioTerminatorMessage, parseTextMessage, serverTextMessage, type ProtocolMessage } from './frames';
import {
  foreignRequestMessages,
  fuzzMessages,
  headerPastEndMessages,
  oneMalformedMessage,
  seededRandom,
  shortMessages,
  badHeaderMessages,
  type GarbageMessage,
  type GarbageTarget,
} from './garbage';
import { renderText, TICKS_PER_MS, type Boundary, type Mp3Source, type Rendition } from './rendition';
import { parseSsml } from './ssml';
import type { FakeEdgeConnectionLog, FakeEdgeFault, FakeEdgeOptions, FakeEdgeRequestLog } from './types';
import { findVoice } from './voices';

export type ResolvedOptions = Readonly<Required<Omit<FakeEdgeOptions, 'faultOnRequest' | 'faultFromRequest'>>> & {
  readonly faultOnRequest?: number;
  readonly faultFromRequest?: number;
};

/** Whether the fault applies to request (or upgrade) number `n`. */
export function faultApplies(options: ResolvedOptions, n: number): boolean {
  if (options.faultOnRequest !== undefined) return options.faultOnRequest === n;
  if (options.faultFromRequest !== undefined) return n >= options.faultFromRequest;
  return true;
}

/** Faults decided on the upgrade, not on a request. */
const UPGRADE_FAULTS: readonly FakeEdgeFault[] = ['forbidden', 'refuse', 'serverError'];

/**
 * Formats the fake can produce from its fixture. The real service also renders 96 kbit/s MP3 and WebM/Opus;
 * the fake closes 1007 for those rather than send audio that isn't what was asked for.
 */
const CONTENT_TYPE_BY_FORMAT: Readonly<Record<string, string>> = {
  'audio-24khz-48kbitrate-mono-mp3': 'audio/mpeg',
};

const INVALID_PAYLOAD = 1007;
const ABNORMAL_CLOSURE = 1006;
const INTERNAL_ERROR = 1011;
const HUGE_FRAME_BYTES = 64 * 1024 * 1024;

interface SpeechConfig {
  readonly outputFormat: string;
  readonly wordBoundary: boolean;
  readonly sentenceBoundary: boolean;
}

export interface ConnectionHost {
  /** Options at this moment; each request reads them once, when it arrives. */
  readonly options: () => ResolvedOptions;
  /** Counts the request and returns its 1-based number overall. */
  readonly registerRequest: (request: FakeEdgeRequestLog) => number;
  readonly audioSource: () => Mp3Source;
  readonly onClosed: (connection: EdgeConnection, at: number) => void;
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

// The service's config booleans are the strings "true"/"false"; accept real booleans too.
function configFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** The part of a speech.config body the server reads; leaves are checked, as any client may send anything. */
interface SpeechConfigBody {
  context?: {
    synthesis?: {
      audio?: { outputFormat?: unknown; metadataoptions?: { wordBoundaryEnabled?: unknown; sentenceBoundaryEnabled?: unknown } };
    };
  };
}

function parseSpeechConfig(body: string): SpeechConfig | undefined {
  try {
    // msedge-tts pads the JSON with newlines and indentation. Optional chaining cannot throw on whatever
    // JSON came instead (a primitive's missing property is undefined too).
    const audio = (JSON.parse(body.trim()) as SpeechConfigBody | null)?.context?.synthesis?.audio;
    if (typeof audio?.outputFormat !== 'string') return undefined;
    return {
      outputFormat: audio.outputFormat,
      wordBoundary: configFlag(audio.metadataoptions?.wordBoundaryEnabled),
      sentenceBoundary: configFlag(audio.metadataoptions?.sentenceBoundaryEnabled),
    };
  } catch {
    return undefined;
  }
}

/** A close reason must fit a control frame: at most 123 bytes of UTF-8. */
function closeReason(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

export class EdgeConnection {
  private config: SpeechConfig | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Set as soon as the server decides to close, so nothing more is sent or scheduled. */
  private serverClose: { code: number; reason: string } | undefined;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly log: FakeEdgeConnectionLog,
    private readonly host: ConnectionHost,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', (code, reason) => this.onClose(code, reason.toString()));
    ws.on('error', () => {
      /* always followed by 'close', which records the outcome */
    });
  }

  /** Closes with a code and reason (1007 for what the service rejects). */
  closeWith(code: number, reason: string): void {
    if (this.serverClose || this.closed) return;
    this.serverClose = { code, reason };
    this.clearTimers();
    this.ws.close(code, closeReason(reason));
  }

  /** Destroys the TCP socket: no close frame, the client sees 1006. */
  terminate(): void {
    if (this.closed) return;
    this.serverClose ??= { code: ABNORMAL_CLOSURE, reason: '' };
    this.clearTimers();
    this.ws.terminate();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private onClose(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    const at = performance.now();
    this.log.closedAt = at;
    this.log.closedBy = this.serverClose ? 'server' : 'client';
    this.log.closeCode = this.serverClose?.code ?? code;
    this.log.closeReason = this.serverClose?.reason ?? reason;
    this.host.onClosed(this, at);
  }

  private isLive(): boolean {
    return !this.closed && !this.serverClose && this.ws.readyState === this.ws.OPEN;
  }

  private send(data: string | Buffer): void {
    if (this.isLive()) this.ws.send(data, { binary: typeof data !== 'string' });
  }

  /** Runs `fn` at performance.now() time `at`, unless the connection is going away by then. */
  private at(at: number, fn: () => void): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (this.isLive()) fn();
      },
      Math.max(0, at - performance.now()),
    );
    this.timers.add(timer);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    // Clients never send binary messages; the service ignores what it doesn't understand.
    if (isBinary || !this.isLive()) return;
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
    const message = parseTextMessage(text);
    if (!message) return;
    switch (message.path.toLowerCase()) {
      case 'speech.config': {
        const config = parseSpeechConfig(message.body);
        if (config) this.config = config;
        else this.closeWith(INVALID_PAYLOAD, 'speech.config is invalid');
        return;
      }
      case 'ssml':
        this.onSsml(message);
        return;
      default:
        return;
    }
  }

  private onSsml(message: ProtocolMessage): void {
    const options = this.host.options();
    const config = this.config;
    const request: FakeEdgeRequestLog = {
      requestId: message.headers['x-requestid'] ?? '',
      voice: '',
      rate: '',
      pitch: '',
      volume: '',
      lang: '',
      outputFormat: config?.outputFormat ?? '',
      wordBoundary: config?.wordBoundary ?? false,
      sentenceBoundary: config?.sentenceBoundary ?? false,
      text: '',
      ssml: message.body,
      receivedAt: performance.now(),
      audioBytesSent: 0,
      audioDurationMs: 0,
      requestNumber: 0,
      fault: 'none',
      renditionDurationMs: 0,
      audioPayloads: [],
      garbageSent: 0,
    };
    this.log.requests.push(request);
    request.requestNumber = this.host.registerRequest(request);
    const applies = faultApplies(options, request.requestNumber);
    request.fault = applies && !UPGRADE_FAULTS.includes(options.fault) ? options.fault : 'none';

    const reject = (reason: string): void => {
      request.error = reason;
      this.closeWith(INVALID_PAYLOAD, reason);
    };
    if (!request.requestId) return reject('X-RequestId is required');
    if (!config) return reject('speech.config must be sent before ssml');

    const parsed = parseSsml(message.body);
    if (!parsed.ok) return reject(parsed.reason);
    const ssml = parsed.request;
    const voice = findVoice(ssml.voice);
    Object.assign(request, {
      voice: voice?.ShortName ?? ssml.voice,
      rate: ssml.rate,
      pitch: ssml.pitch,
      volume: ssml.volume,
      lang: ssml.lang,
      text: ssml.text,
    });
    if (!voice) return reject(`Unsupported voice ${ssml.voice}.`);
    const contentType = CONTENT_TYPE_BY_FORMAT[config.outputFormat];
    if (!contentType) return reject(`Unsupported output format ${config.outputFormat}.`);

    const rendition = renderText(this.host.audioSource(), ssml.text, {
      charsPerSecond: options.charsPerSecond,
      wordBoundary: config.wordBoundary,
      sentenceBoundary: config.sentenceBoundary,
    });
    request.renditionDurationMs = rendition.durationMs;
    this.runTurn(request, rendition, contentType, options, request.fault);
  }

  private runTurn(
    request: FakeEdgeRequestLog,
    rendition: Rendition,
    contentType: string,
    options: ResolvedOptions,
    fault: FakeEdgeFault,
  ): void {
    const id = request.requestId;
    const streamId = randomHex(16).toUpperCase();
    const serviceTag = randomHex(16);
    if (fault === 'ignoreClose') {
      // ws answers a close frame by calling close() on the socket; without it the answer never goes out.
      (this.ws as unknown as { close: () => void }).close = () => undefined;
    }
    const garbage = this.garbageInjector(fault, { requestId: id, streamId }, rendition, contentType, options, request);
    garbage.before();
    this.send(serverTextMessage(id, 'turn.start', JSON.stringify({ context: { serviceTag } })));
    if (fault === 'hangAfterTurnStart') return;
    this.send(serverTextMessage(id, 'response', JSON.stringify({ context: { serviceTag }, audio: { type: 'inline', streamId } })));

    const firstAudioAt = request.receivedAt + options.firstAudioDelayMs;
    const endTurn = (): void => {
      this.send(serverTextMessage(id, 'turn.end', '{}'));
      request.turnEndAt = performance.now();
    };
    if (fault === 'noAudio') {
      this.at(firstAudioAt, endTurn);
      return;
    }

    // Pacing is against absolute targets (not chained delays), so timer lateness doesn't accumulate.
    const pending: Boundary[] = [...rendition.boundaries];
    const sendBoundariesBefore = (ticks: number): void => {
      while (pending.length > 0 && (pending[0]?.offsetTicks ?? Infinity) < ticks) {
        const b = pending.shift() as Boundary;
        const body = {
          Metadata: [
            {
              Type: b.type,
              Data: {
                Offset: b.offsetTicks,
                Duration: b.durationTicks,
                text: { Text: b.text, Length: b.text.length, BoundaryType: b.type },
              },
            },
          ],
        };
        this.send(serverTextMessage(id, 'audio.metadata', JSON.stringify(body)));
      }
    };
    // "About half": the drop replaces the first send due once half the bytes are out (never before any).
    const dropsNow = (): boolean =>
      (fault === 'dropMidAudio' || fault === 'internalError') &&
      request.audioBytesSent > 0 &&
      request.audioBytesSent * 2 >= rendition.audio.length;
    const drop = (): void => (fault === 'internalError' ? this.closeWith(INTERNAL_ERROR, 'Internal server error') : this.terminate());
    const count = rendition.payloads.length;

    const step = (k: number): void => {
      // 'trickle' goes round the rendition forever, each round later by its duration.
      const round = Math.floor(k / Math.max(1, count));
      const base = fault === 'trickle' ? rendition.payloads[k % count] : rendition.payloads[k];
      if (!base) {
        this.at(firstAudioAt + rendition.durationMs / options.speedFactor, () => {
          if (dropsNow()) return drop();
          sendBoundariesBefore(Infinity);
          this.send(audioTerminatorMessage(id, streamId));
          endTurn();
        });
        return;
      }
      const offsetMs = round * rendition.durationMs;
      this.at(firstAudioAt + (base.startMs + offsetMs) / options.speedFactor, () => {
        if (dropsNow()) return drop();
        // Each boundary goes out before the audio frame that contains its offset.
        if (round === 0) sendBoundariesBefore(base.endMs * TICKS_PER_MS);
        this.send(audioMessage(id, streamId, contentType, base.data));
        request.firstAudioAt ??= performance.now();
        request.audioBytesSent += base.data.length;
        request.audioDurationMs = base.endMs + offsetMs;
        request.audioPayloads.push(base.data);
        if (fault === 'hugeFrame' && k === 0) return this.sendHugeFrameHeader();
        garbage.after(k);
        step(k + 1);
      });
    };
    step(0);
  }

  /** Garbage to send before turn.start and after real audio frame k, for the faults that inject it. */
  private garbageInjector(
    fault: FakeEdgeFault,
    target: GarbageTarget,
    rendition: Rendition,
    contentType: string,
    options: ResolvedOptions,
    request: FakeEdgeRequestLog,
  ): { before(): void; after(k: number): void } {
    const send = (messages: readonly GarbageMessage[]): void => {
      for (const m of messages) {
        if (!this.isLive()) return;
        this.ws.send(m.data, { binary: m.binary });
        request.garbageSent++;
      }
    };
    const every = (make: () => GarbageMessage[]) => ({ before: () => send(make()), after: () => send(make()) });
    switch (fault) {
      case 'foreignFrames':
        return every(() => foreignRequestMessages(target));
      case 'shortFrames':
        return every(() => shortMessages());
      case 'headerPastEnd':
        return every(() => headerPastEndMessages(target));
      case 'badHeaders':
        return every(() => badHeaderMessages(target));
      case 'oneMalformedFrame': {
        const middle = Math.floor((rendition.payloads.length - 1) / 2);
        return { before: () => undefined, after: (k) => (k === middle ? send(oneMalformedMessage()) : undefined) };
      }
      case 'fuzz': {
        const random = seededRandom(options.fuzzSeed + request.requestNumber);
        const real = audioMessage(target.requestId, target.streamId, contentType, rendition.payloads[0]?.data ?? Buffer.alloc(16));
        const gaps = rendition.payloads.length + 1;
        const perGap = Math.ceil(options.fuzzMessagesPerRequest / gaps);
        let left = options.fuzzMessagesPerRequest;
        const burst = (): void => {
          const n = Math.min(perGap, left);
          left -= n;
          send(fuzzMessages(n, target, real, random));
        };
        return { before: burst, after: burst };
      }
      default:
        return { before: () => undefined, after: () => undefined };
    }
  }

  /** A frame header for a 64 MiB binary message, then 64 KiB of it, written under ws (which would buffer it all). */
  private sendHugeFrameHeader(): void {
    if (!this.isLive()) return;
    const header = Buffer.alloc(10);
    header[0] = 0x82; // FIN, binary
    header[1] = 127; // 64-bit length follows
    header.writeBigUInt64BE(BigInt(HUGE_FRAME_BYTES), 2);
    const raw = (this.ws as unknown as { _socket: { write(data: Buffer): void } })._socket;
    raw.write(header);
    raw.write(Buffer.alloc(64 * 1024, 0x5a));
  }
}
