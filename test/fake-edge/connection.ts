// One accepted WebSocket: speech.config, then any number of ssml requests, possibly concurrent, each
// answered with turn.start, response, paced audio (+ boundaries), terminator, turn.end (docs/protocol.md §3).
// Errors the service reports by closing with 1007 are reported the same way.
import { randomBytes } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import {
  audioMessage,
  audioTerminatorMessage,
  parseTextMessage,
  serverTextMessage,
  type ProtocolMessage,
} from './frames';
import { renderText, TICKS_PER_MS, type Boundary, type Mp3Source, type Rendition } from './rendition';
import { parseSsml } from './ssml';
import type { FakeEdgeConnectionLog, FakeEdgeFault, FakeEdgeOptions, FakeEdgeRequestLog } from './types';
import { findVoice } from './voices';

export type ResolvedOptions = Readonly<Required<Omit<FakeEdgeOptions, 'faultOnRequest'>>> & {
  readonly faultOnRequest?: number;
};

/**
 * Formats the fake can produce from its fixture. The real service also renders 96 kbit/s MP3 and WebM/Opus;
 * the fake closes 1007 for those rather than send audio that isn't what was asked for.
 */
const CONTENT_TYPE_BY_FORMAT: Readonly<Record<string, string>> = {
  'audio-24khz-48kbitrate-mono-mp3': 'audio/mpeg',
};

const INVALID_PAYLOAD = 1007;
const ABNORMAL_CLOSURE = 1006;

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

function parseSpeechConfig(body: string): SpeechConfig | undefined {
  try {
    // msedge-tts pads the JSON with newlines and indentation.
    const audio = JSON.parse(body.trim())?.context?.synthesis?.audio;
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
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.isLive()) fn();
    }, Math.max(0, at - performance.now()));
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
    };
    this.log.requests.push(request);
    request.requestNumber = this.host.registerRequest(request);
    const applies = options.faultOnRequest === undefined || options.faultOnRequest === request.requestNumber;
    request.fault = applies && options.fault !== 'forbidden' && options.fault !== 'refuse' ? options.fault : 'none';

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
    this.send(serverTextMessage(id, 'turn.start', JSON.stringify({ context: { serviceTag } })));
    if (fault === 'hangAfterTurnStart') return;
    this.send(
      serverTextMessage(id, 'response', JSON.stringify({ context: { serviceTag }, audio: { type: 'inline', streamId } })),
    );

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
      fault === 'dropMidAudio' && request.audioBytesSent > 0 && request.audioBytesSent * 2 >= rendition.audio.length;

    const step = (k: number): void => {
      const payload = rendition.payloads[k];
      if (!payload) {
        this.at(firstAudioAt + rendition.durationMs / options.speedFactor, () => {
          if (dropsNow()) return this.terminate();
          sendBoundariesBefore(Infinity);
          this.send(audioTerminatorMessage(id, streamId));
          endTurn();
        });
        return;
      }
      this.at(firstAudioAt + payload.startMs / options.speedFactor, () => {
        if (dropsNow()) return this.terminate();
        // Each boundary goes out before the audio frame that contains its offset.
        sendBoundariesBefore(payload.endMs * TICKS_PER_MS);
        this.send(audioMessage(id, streamId, contentType, payload.data));
        request.firstAudioAt ??= performance.now();
        request.audioBytesSent += payload.data.length;
        request.audioDurationMs = payload.endMs;
        step(k + 1);
      });
    };
    step(0);
  }
}
