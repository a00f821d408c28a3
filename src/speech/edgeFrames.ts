// Validates every WebSocket message the speech service sends before anything acts on it. Pure: no vscode,
// no sockets. The wire format (docs/protocol.md §3):
//  - text: `Name:Value\r\n` header lines, a blank line, then the body;
//  - binary: uint16 big-endian length of the header block, the header block (every line ending in \r\n,
//    `Path:audio` among them), then the audio payload.
// Whatever does not fit, or belongs to another request, is dropped with a reason (never with its bytes or
// any text of it: that may be the user's text).

/** What a message means for the current request. */
export type EdgeFrame =
  | { readonly kind: 'audio'; readonly payload: Uint8Array }
  /** The bare terminator: `Path:audio` with no Content-Type and no payload. */
  | { readonly kind: 'audioEnd' }
  | { readonly kind: 'turnStart' }
  | { readonly kind: 'response' }
  | { readonly kind: 'turnEnd' }
  /** The JSON body of an `audio.metadata` message. */
  | { readonly kind: 'metadata'; readonly body: string }
  | { readonly kind: 'drop'; readonly reason: FrameDropReason };

export type FrameDropReason =
  | 'no request yet' // nothing was asked on this connection yet
  | 'foreign request' // X-RequestId missing or not the current request's
  | 'too short' // a binary message without room for its header length
  | 'header length past end' // the uint16 header length points beyond the message
  | 'bad headers' // a header line that is not `Name:Value`, not ASCII, cut, or a header given twice
  | 'unknown path' // a Path the protocol does not have (or binary not `audio`, text `audio`)
  | 'unexpected content type' // audio that is not audio/mpeg, or a payload on the terminator
  | 'unexpected metadata'; // audio.metadata for a request that asked for none

export interface FrameExpectation {
  /** X-RequestId of the request in flight (undefined: none yet, every message is dropped). */
  readonly requestId: string | undefined;
  /** Whether this request asked for word boundaries (audio.metadata messages). */
  readonly metadata: boolean;
}

const TEXT_PATHS: Readonly<Record<string, EdgeFrame['kind']>> = {
  'turn.start': 'turnStart',
  response: 'response',
  'turn.end': 'turnEnd',
  'audio.metadata': 'metadata',
};
const AUDIO_CONTENT_TYPE = 'audio/mpeg';
/** Header names as the service writes them (X-RequestId, Content-Type, Path, X-StreamId …). */
const HEADER_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
/** Printable ASCII: header values are ids, paths and media types. */
const HEADER_VALUE = /^[\x20-\x7e]*$/;
/** The service's headers are a few short lines; anything much longer is not one of its messages. */
export const MAX_HEADER_BYTES = 8192;

/** Classifies one message for the request in flight; never throws. */
export function inspectFrame(data: Uint8Array, isBinary: boolean, expect: FrameExpectation): EdgeFrame {
  return isBinary ? inspectBinary(data, expect) : inspectText(data, expect);
}

function inspectBinary(data: Uint8Array, expect: FrameExpectation): EdgeFrame {
  if (data.length < 2) {
    return drop('too short');
  }
  const headerLength = (data[0]! << 8) | data[1]!;
  if (2 + headerLength > data.length) {
    return drop('header length past end');
  }
  const headers = parseHeaderBlock(data.subarray(2, 2 + headerLength));
  if (!headers) {
    return drop('bad headers');
  }
  if (headers.get('path') !== 'audio') {
    return drop('unknown path');
  }
  const idProblem = requestIdProblem(headers, expect);
  if (idProblem) {
    return drop(idProblem);
  }
  const payload = data.subarray(2 + headerLength);
  const contentType = headers.get('content-type');
  if (contentType === undefined) {
    return payload.length === 0 ? { kind: 'audioEnd' } : drop('unexpected content type');
  }
  if (contentType.toLowerCase() !== AUDIO_CONTENT_TYPE) {
    return drop('unexpected content type');
  }
  return { kind: 'audio', payload };
}

function inspectText(data: Uint8Array, expect: FrameExpectation): EdgeFrame {
  const end = indexOfBlankLine(data);
  if (end < 0) {
    return drop('bad headers');
  }
  // The block handed over includes the \r\n that ends the last header line.
  const headers = parseHeaderBlock(data.subarray(0, end + 2));
  if (!headers) {
    return drop('bad headers');
  }
  const kind = TEXT_PATHS[headers.get('path') ?? ''];
  if (!kind) {
    return drop('unknown path');
  }
  const idProblem = requestIdProblem(headers, expect);
  if (idProblem) {
    return drop(idProblem);
  }
  if (kind === 'metadata') {
    if (!expect.metadata) {
      return drop('unexpected metadata');
    }
    return { kind: 'metadata', body: Buffer.from(data.buffer, data.byteOffset + end + 4, data.length - end - 4).toString('utf8') };
  }
  return { kind } as EdgeFrame;
}

function requestIdProblem(headers: ReadonlyMap<string, string>, expect: FrameExpectation): FrameDropReason | undefined {
  if (expect.requestId === undefined) {
    return 'no request yet';
  }
  const id = headers.get('x-requestid');
  return id !== undefined && id.toLowerCase() === expect.requestId.toLowerCase() ? undefined : 'foreign request';
}

/**
 * Parses `Name:Value\r\n` lines, every one terminated, names case-insensitive and each given once.
 * Undefined if anything does not fit: a frame we cannot read exactly is not trusted at all.
 */
export function parseHeaderBlock(block: Uint8Array): ReadonlyMap<string, string> | undefined {
  if (block.length === 0 || block.length > MAX_HEADER_BYTES) {
    return undefined;
  }
  for (const byte of block) {
    if (byte > 0x7e || (byte < 0x20 && byte !== 0x0d && byte !== 0x0a)) {
      return undefined;
    }
  }
  const text = Buffer.from(block.buffer, block.byteOffset, block.length).toString('latin1');
  if (!text.endsWith('\r\n')) {
    return undefined; // cut mid-line
  }
  const headers = new Map<string, string>();
  for (const line of text.slice(0, -2).split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon <= 0 || !HEADER_NAME.test(name) || !HEADER_VALUE.test(value) || line.includes('\n') || line.includes('\r')) {
      return undefined;
    }
    const key = name.toLowerCase();
    if (headers.has(key)) {
      return undefined; // two Paths or two ids: ambiguous
    }
    headers.set(key, value);
  }
  return headers;
}

/** Index of the `\r\n\r\n` that ends a text message's headers (within MAX_HEADER_BYTES), or -1. */
function indexOfBlankLine(data: Uint8Array): number {
  const limit = Math.min(data.length - 3, MAX_HEADER_BYTES);
  for (let i = 0; i < limit; i++) {
    if (data[i] === 0x0d && data[i + 1] === 0x0a && data[i + 2] === 0x0d && data[i + 3] === 0x0a) {
      return i;
    }
  }
  return -1;
}

function drop(reason: FrameDropReason): EdgeFrame {
  return { kind: 'drop', reason };
}

/** Counts dropped messages by reason, for one log line per request. */
export class DroppedFrames {
  private readonly counts = new Map<FrameDropReason, number>();
  private count = 0;

  add(reason: FrameDropReason): void {
    this.count++;
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  get total(): number {
    return this.count;
  }

  /** e.g. "3 messages dropped (2 foreign request, 1 bad headers)"; empty when none. */
  summary(): string {
    if (this.count === 0) {
      return '';
    }
    const parts = [...this.counts].map(([reason, n]) => `${n} ${reason}`);
    return `${this.count} message${this.count === 1 ? '' : 's'} from the service dropped (${parts.join(', ')})`;
  }
}
