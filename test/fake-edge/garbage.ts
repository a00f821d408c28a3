// Messages a broken or hostile service could send, for the faults that inject them between the real
// ones. Every message built here is invalid for the request in flight by the protocol's own rules
// (wrong or missing X-RequestId, no room for the header length, headers that cut or lack Path:audio,
// a non-audio Content-Type, an unknown Path), so a correct client must drop every one of them and
// play exactly the real audio. Text messages are always valid UTF-8 (otherwise ws itself closes 1007).
import { randomBytes } from 'node:crypto';
import { serverTextMessage } from './frames';

export interface GarbageMessage {
  readonly data: Buffer | string;
  readonly binary: boolean;
}

/** The request the garbage is aimed at: its id, and a real audio message to mutate. */
export interface GarbageTarget {
  readonly requestId: string;
  readonly streamId: string;
}

/** A small deterministic PRNG (mulberry32), so a fuzz failure can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function headerBlock(lines: readonly string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
}

function withLength(header: Buffer, payload: Uint8Array, declared = header.length): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(declared & 0xffff, 0);
  return Buffer.concat([prefix, header, payload]);
}

/** Bytes that look like nothing the fixture contains (MP3 frames start 0xFF 0xF3). */
function junk(length: number, fill = 0x5a): Buffer {
  return Buffer.alloc(length, fill);
}

function otherId(requestId: string): string {
  const first = requestId[0] === 'a' ? 'b' : 'a';
  return first + requestId.slice(1);
}

function audioHeaders(target: GarbageTarget, overrides: { id?: string; path?: string | null; contentType?: string | null } = {}): string[] {
  const lines = [`X-RequestId:${overrides.id ?? target.requestId}`];
  if (overrides.contentType !== null) lines.push(`Content-Type:${overrides.contentType ?? 'audio/mpeg'}`);
  lines.push(`X-StreamId:${target.streamId}`);
  if (overrides.path !== null) lines.push(`Path:${overrides.path ?? 'audio'}`);
  return lines;
}

/** Audio and text messages of another request (before and between the real ones). */
export function foreignRequestMessages(target: GarbageTarget): GarbageMessage[] {
  const id = otherId(target.requestId);
  return [
    { data: withLength(headerBlock(audioHeaders(target, { id })), junk(512)), binary: true },
    { data: serverTextMessage(id, 'turn.start', '{}'), binary: false },
    { data: serverTextMessage(id, 'audio.metadata', '{"Metadata":[]}'), binary: false },
    { data: serverTextMessage(id, 'turn.end', '{}'), binary: false },
    // No X-RequestId at all (msedge-tts throws on it).
    { data: withLength(headerBlock(['Content-Type:audio/mpeg', 'Path:audio']), junk(64)), binary: true },
    { data: 'Content-Type:application/json\r\nPath:turn.end\r\n\r\n{}', binary: false },
  ];
}

/** Binary messages too short to hold a header length, or with no headers. */
export function shortMessages(): GarbageMessage[] {
  return [
    { data: Buffer.alloc(0), binary: true },
    { data: Buffer.from([0x00]), binary: true },
    { data: Buffer.from([0x00, 0x00]), binary: true },
    { data: Buffer.concat([Buffer.from([0x00, 0x00]), junk(40)]), binary: true },
  ];
}

/** A header length pointing past the end of the message. */
export function headerPastEndMessages(target: GarbageTarget): GarbageMessage[] {
  const header = headerBlock(audioHeaders(target));
  return [
    { data: withLength(header, junk(0), header.length + 32), binary: true },
    { data: withLength(Buffer.alloc(0), junk(32), 0xffff), binary: true },
  ];
}

/** Headers without Path:audio, cut mid-line, with another Content-Type, doubled, or not ASCII. */
export function badHeaderMessages(target: GarbageTarget): GarbageMessage[] {
  const full = headerBlock(audioHeaders(target));
  const cut = full.subarray(0, full.length - 5); // "…Path:a" — the rest taken for payload by a naive reader
  return [
    { data: withLength(headerBlock(audioHeaders(target, { path: null })), junk(72)), binary: true },
    { data: withLength(cut, Buffer.concat([Buffer.from('udio\r\n', 'latin1'), junk(72)])), binary: true },
    { data: withLength(headerBlock(audioHeaders(target, { path: 'audio.metadata' })), junk(72)), binary: true },
    { data: withLength(headerBlock(audioHeaders(target, { contentType: 'text/plain' })), junk(72)), binary: true },
    { data: withLength(headerBlock([...audioHeaders(target), 'Path:audio']), junk(72)), binary: true },
    { data: withLength(headerBlock([...audioHeaders(target, { contentType: null })]), junk(16)), binary: true },
    { data: withLength(Buffer.from(`X-RequestId:${target.requestId}\r\nPath:au\xe9dio\r\n`, 'latin1'), junk(16)), binary: true },
    { data: serverTextMessage(target.requestId, 'audio', 'AAAA'), binary: false },
    { data: serverTextMessage(target.requestId, 'turn.ended', '{}'), binary: false },
    { data: `X-RequestId:${target.requestId}\r\nPath:turn.end\r\n`, binary: false }, // no blank line
    { data: `X-RequestId:${target.requestId}\r\nPath:turn.end\r\nPath:turn.end\r\n\r\n{}`, binary: false },
  ];
}

/** One malformed message: a 1-byte binary frame (msedge-tts alone throws on it inside ws and stalls). */
export function oneMalformedMessage(): GarbageMessage[] {
  return [{ data: Buffer.from([0x00]), binary: true }];
}

/**
 * `count` random or mutated messages: random bytes, random text, and the real audio message `real`
 * mutated where it makes it invalid (its id, its header length, its Path, its Content-Type, cut inside
 * the headers). Never a mutation of the payload alone: that would be valid audio with other bytes.
 */
export function fuzzMessages(count: number, target: GarbageTarget, real: Buffer, random: () => number): GarbageMessage[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number): number => Math.floor(random() * max);
  const headerLength = real.readUInt16BE(0);
  const fixed = [...foreignRequestMessages(target), ...shortMessages(), ...headerPastEndMessages(target), ...badHeaderMessages(target)];
  const makers: (() => GarbageMessage)[] = [
    () => pick(fixed),
    () => ({ data: randomBytesFrom(random, int(300)), binary: true }),
    () => ({ data: randomText(random, int(200)), binary: false }),
    () => {
      // A wrong id of the right shape: one character of the id changed.
      const copy = Buffer.from(real);
      const at = copy.indexOf(target.requestId, 2, 'latin1');
      const pos = at + int(target.requestId.length);
      copy[pos] = copy[pos] === 0x30 ? 0x31 : 0x30;
      return { data: copy, binary: true };
    },
    () => {
      // Header length past the end.
      const copy = Buffer.from(real);
      copy.writeUInt16BE(Math.min(0xffff, copy.length - 1 + int(1000)), 0);
      return { data: copy, binary: true };
    },
    () => {
      // Header length cut: the block then ends mid-line or without its Path line (Path is last).
      const copy = Buffer.from(real);
      copy.writeUInt16BE(Math.max(0, headerLength - 1 - int(headerLength)), 0);
      return { data: copy, binary: true };
    },
    () => {
      // The whole message cut inside its headers.
      return { data: Buffer.from(real.subarray(0, 2 + int(headerLength))), binary: true };
    },
    () => {
      // Path:audio → Path:Audio / Path:audix.
      const copy = Buffer.from(real);
      const at = copy.indexOf('Path:audio', 2, 'latin1');
      copy[at + 5 + (random() < 0.5 ? 0 : 4)] = random() < 0.5 ? 0x41 : 0x78;
      return { data: copy, binary: true };
    },
    () => {
      // A non-ASCII byte inside the headers.
      const copy = Buffer.from(real);
      copy[2 + int(headerLength - 2)] = 0x80 + int(0x80);
      return { data: copy, binary: true };
    },
    () => ({
      data: serverTextMessage(otherId(target.requestId), pick(['turn.start', 'turn.end', 'response', 'audio.metadata']), '{}'),
      binary: false,
    }),
  ];
  return Array.from({ length: count }, () => pick(makers)());
}

function randomBytesFrom(random: () => number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

const TEXT_ALPHABET = 'Path:audio turn.end X-RequestId\r\n{}[]"é✓🎉0123456789abcdef';

function randomText(random: () => number, length: number): string {
  const chars = [...TEXT_ALPHABET];
  let out = '';
  for (let i = 0; i < length; i++) out += chars[Math.floor(random() * chars.length)];
  return out;
}

/** A fresh random stream id, uppercase hex like the service's. */
export function randomStreamId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}
