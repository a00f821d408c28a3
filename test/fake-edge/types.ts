// Public types of the fake Edge server (re-exported by server.ts, which is what tests import).

export type FakeEdgeFault =
  | 'none'
  /** HTTP 403 on upgrade (with a Date header). `faultOnRequest` counts upgrade attempts for this one. */
  | 'forbidden'
  /** Sends turn.start, then nothing for that request; the socket stays open. */
  | 'hangAfterTurnStart'
  /** Sends about half the audio, then destroys the TCP socket without a close frame or turn.end. */
  | 'dropMidAudio'
  /** turn.start, response, turn.end, and no audio frames (Python's "NoAudioReceived"). */
  | 'noAudio'
  /**
   * Destroys the TCP socket on upgrade without any response (client sees "socket hang up").
   * Not ECONNREFUSED: for that, point the client at a closed port. `faultOnRequest` counts upgrade attempts.
   */
  | 'refuse'
  // Additions for the guarded speech path (garbage is injected before turn.start and after every real
  // audio frame; the real audio is unchanged, so a correct client plays exactly `audioPayloads`):
  /** Audio and text messages of another X-RequestId, or with none. */
  | 'foreignFrames'
  /** Binary messages of 0, 1 and 2 bytes, and with an empty header block. */
  | 'shortFrames'
  /** A uint16 header length beyond the end of the message. */
  | 'headerPastEnd'
  /** Headers without Path:audio, cut mid-line, doubled, non-ASCII, another Content-Type; unknown text paths. */
  | 'badHeaders'
  /** One 1-byte binary message, after the middle audio frame. */
  | 'oneMalformedFrame'
  /** `fuzzMessagesPerRequest` random or mutated messages spread between the real ones (seed `fuzzSeed`). */
  | 'fuzz'
  /** After the first audio frame, a frame header announcing a 64 MiB binary message, then 64 KiB of it. */
  | 'hugeFrame'
  /** Audio that never ends: the rendition again and again, paced, never turn.end. */
  | 'trickle'
  /** HTTP 503 on upgrade. `faultOnRequest` counts upgrade attempts for this one. */
  | 'serverError'
  /** Sends about half the audio, then closes with 1011 (internal error). */
  | 'internalError'
  /** Never answers the client's close frame (nor closes itself): the client must tear the TCP down. */
  | 'ignoreClose';

export interface FakeEdgeOptions {
  /** Delay between receiving ssml and the first audio frame; default 120. */
  firstAudioDelayMs?: number;
  /** Audio is sent this many times faster than real time after the first frame; default 5. */
  speedFactor?: number;
  /** Spoken length of a request = text chars / this (min 0.4 s); default 15. */
  charsPerSecond?: number;
  /** Default 'none'. */
  fault?: FakeEdgeFault;
  /**
   * Apply `fault` only to the Nth ssml request (1-based) counted across all connections since start or
   * the last reset(), i.e. `server.requests[N - 1]`; for 'forbidden'/'refuse', the Nth upgrade attempt.
   * Default (undefined): every request.
   */
  faultOnRequest?: number;
  /** Addition: apply `fault` to the Nth request (or upgrade) and every later one. Ignored when faultOnRequest is set. */
  faultFromRequest?: number;
  /** Addition: seed of the 'fuzz' fault's random choices (default 1). */
  fuzzSeed?: number;
  /** Addition: how many messages the 'fuzz' fault injects per request (default 1000). */
  fuzzMessagesPerRequest?: number;
  /** The server's clock is this far from the client's: GEC is validated against server time; 403 carries server Date. */
  clockOffsetMs?: number;
}

export interface FakeEdgeRequestLog {
  requestId: string;
  /** Voice ShortName (the long `Microsoft Server Speech … (en-US, AriaNeural)` form is normalized); as sent if unknown. */
  voice: string;
  rate: string;
  pitch: string;
  volume: string;
  lang: string;
  outputFormat: string;
  wordBoundary: boolean;
  sentenceBoundary: boolean;
  /** The unescaped text content inside <voice>/<prosody>, trimmed. */
  text: string;
  /** Raw body. */
  ssml: string;
  /** performance.now() timestamps. */
  receivedAt: number;
  firstAudioAt?: number;
  turnEndAt?: number;
  audioBytesSent: number;
  /** Duration of the audio sent so far (the whole rendition once turn.end is sent). */
  audioDurationMs: number;
  // Additions:
  /** 1-based position among all ssml requests since start/reset (what `faultOnRequest` counts). */
  requestNumber: number;
  /** The fault applied to this request ('none' if it was served normally). */
  fault: FakeEdgeFault;
  /** Planned duration of the whole rendition (a dropped request sends less). */
  renditionDurationMs: number;
  /** Addition: the payloads of the valid audio messages sent, in order (what a client must play). */
  audioPayloads: Buffer[];
  /** Addition: how many injected garbage messages were sent for this request. */
  garbageSent: number;
  /** Set when the server rejected this request by closing the socket (the close reason, e.g. "Unsupported voice X."). */
  error?: string;
}

export interface FakeEdgeConnectionLog {
  id: number;
  openedAt: number;
  closedAt?: number;
  /** The code the server sent if it closed (1006 for a TCP drop), else the client's. */
  closeCode?: number;
  closedBy?: 'client' | 'server';
  headers: Record<string, string | string[] | undefined>;
  url: string;
  requests: FakeEdgeRequestLog[];
  // Addition:
  closeReason?: string;
}

/** Addition: an upgrade the server refused (HTTP 403, or a reset for the 'refuse' fault). */
export interface FakeEdgeRejectedUpgrade {
  at: number;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  status: 403 | 503 | 'reset';
  reason: 'token' | 'sec-ms-gec' | 'user-agent' | 'origin' | 'fault';
  /** The Date header sent with a 403 (server time). */
  date?: string;
}

/** Addition: a GET of the voice list. */
export interface FakeEdgeVoiceListRequest {
  at: number;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  /** Body bytes written so far (a streamed hostile body stops growing when the client hangs up). */
  bytesSent: number;
}

/** Addition: what the voices endpoint sends instead of the fixture list, as a hostile server would. */
export interface FakeEdgeVoiceListBody {
  /** The body's pieces, pulled one at a time as the client reads, so a huge body is never held in memory. */
  readonly chunks: () => Iterable<string>;
  /** Sent as Content-Length when given; otherwise the body is chunked. */
  readonly contentLength?: number;
}

export interface FakeEdgeServer {
  readonly port: number;
  /** ws://127.0.0.1:PORT/consumer/speech/synthesize/readaloud/edge/v1 */
  readonly wsUrl: string;
  /** http://127.0.0.1:PORT/consumer/speech/synthesize/readaloud/voices/list?trustedclienttoken=… */
  readonly voicesUrl: string;
  /** Merges; applies to requests (and upgrades) that start afterwards. */
  setOptions(options: FakeEdgeOptions): void;
  readonly connections: readonly FakeEdgeConnectionLog[];
  openSocketCount(): number;
  /** Resolves when the number of open sockets is 0 (or rejects after timeoutMs, default 5000). */
  waitForAllClosed(timeoutMs?: number): Promise<void>;
  /** Resolves with the next connection close event (time it happened); rejects after timeoutMs (default 5000). */
  nextClose(timeoutMs?: number): Promise<{ connection: FakeEdgeConnectionLog; at: number }>;
  /** Clears logs and the request/upgrade counters (not options). */
  reset(): void;
  /** Terminates all sockets, clears all timers, closes the server. */
  close(): Promise<void>;
  // Additions:
  /** Current options with defaults filled in. */
  readonly options: Readonly<Required<Omit<FakeEdgeOptions, 'faultOnRequest' | 'faultFromRequest'>>> & {
    readonly faultOnRequest?: number;
    readonly faultFromRequest?: number;
  };
  /** Every ssml request across connections, in order of receipt (index N-1 is request number N). */
  readonly requests: readonly FakeEdgeRequestLog[];
  readonly rejectedUpgrades: readonly FakeEdgeRejectedUpgrade[];
  readonly voiceListRequests: readonly FakeEdgeVoiceListRequest[];
  /** Serve `body` from the voices endpoint from now on; undefined goes back to the fixture list. */
  serveVoiceList(body: FakeEdgeVoiceListBody | undefined): void;
}
