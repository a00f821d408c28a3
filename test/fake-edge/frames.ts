// Builds and parses the protocol's WebSocket messages (docs/protocol.md §2, §3).
// Text messages: `Key:Value\r\n` headers, a blank line, then the body.
// Binary messages: uint16 big-endian length of the header block, the header block (ending with
// `Path:audio\r\n`, its final \r\n counted), then the audio. Clients disagree on how they find the
// audio (msedge-tts searches for `Path:audio\r\n`, Python slices at 2+length), so both must agree here.

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const HEADER_END = '\r\n\r\n';

export interface ProtocolMessage {
  /** Header names lower-cased (clients differ in case); values as sent. */
  readonly headers: Readonly<Record<string, string>>;
  readonly path: string;
  readonly body: string;
}

function headerBlock(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([k, v]) => `${k}:${v}\r\n`).join('');
}

function parseHeaderLines(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** A server → client text message for one request. Every one carries X-RequestId: msedge-tts throws without it. */
export function serverTextMessage(requestId: string, path: string, body: string): string {
  return (
    headerBlock([
      ['X-RequestId', requestId],
      ['Content-Type', JSON_CONTENT_TYPE],
      ['Path', path],
    ]) +
    '\r\n' +
    body
  );
}

/** A client → server text message (for raw-protocol tests). */
export function clientTextMessage(headers: readonly (readonly [string, string])[], body: string): string {
  return headerBlock(headers) + '\r\n' + body;
}

export function parseTextMessage(text: string): ProtocolMessage | undefined {
  const end = text.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const headers = parseHeaderLines(text.slice(0, end));
  return { headers, path: headers['path'] ?? '', body: text.slice(end + HEADER_END.length) };
}

function binaryMessage(headers: readonly (readonly [string, string])[], payload: Uint8Array): Buffer {
  const header = Buffer.from(headerBlock(headers), 'ascii');
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(header.length, 0);
  return Buffer.concat([prefix, header, payload]);
}

export function audioMessage(requestId: string, streamId: string, contentType: string, audio: Uint8Array): Buffer {
  return binaryMessage(
    [
      ['X-RequestId', requestId],
      ['Content-Type', contentType],
      ['X-StreamId', streamId],
      ['Path', 'audio'],
    ],
    audio,
  );
}

/** The end-of-audio marker: no Content-Type and no payload (Python skips it, msedge-tts pushes an empty Buffer). */
export function audioTerminatorMessage(requestId: string, streamId: string): Buffer {
  return binaryMessage(
    [
      ['X-RequestId', requestId],
      ['X-StreamId', streamId],
      ['Path', 'audio'],
    ],
    new Uint8Array(0),
  );
}

export interface BinaryProtocolMessage extends Omit<ProtocolMessage, 'body'> {
  /** The uint16 prefix. */
  readonly headerLength: number;
  readonly payload: Buffer;
}

/** Parses a binary message by its length prefix (the way Python's edge-tts does). */
export function parseBinaryMessage(data: Buffer): BinaryProtocolMessage {
  if (data.length < 2) throw new Error(`binary message of ${data.length} bytes has no header length`);
  const headerLength = data.readUInt16BE(0);
  if (2 + headerLength > data.length) throw new Error(`header length ${headerLength} exceeds message (${data.length} bytes)`);
  const headers = parseHeaderLines(data.subarray(2, 2 + headerLength).toString('ascii'));
  return { headers, path: headers['path'] ?? '', headerLength, payload: data.subarray(2 + headerLength) };
}
