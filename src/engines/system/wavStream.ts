// Reads a WAV stream as it arrives and passes on its samples. Pure: no vscode import.
//
// espeak-ng --stdout writes a WAV header whose sizes are placeholders (it cannot seek back in a pipe), and
// macOS `say` writes extra chunks (e.g. FLLR) before `data`: so chunks are walked one by one, and the data
// chunk's size is trusted only as an upper bound.

import * as l10n from '../../shared/l10n';

export interface PcmInfo {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
}

const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** Anything before the data chunk bigger than this is not a speech engine's WAV header. */
const MAX_HEADER_BYTES = 64 * 1024;

export class WavStreamReader {
  private pending: Uint8Array = new Uint8Array(0);
  private info: PcmInfo | undefined;
  private dataLeft: number | undefined;

  /** The format, once the header has been read. */
  get format(): PcmInfo | undefined {
    return this.dataLeft === undefined ? undefined : this.info;
  }

  /** Feeds the next bytes of the stream; returns the sample bytes they complete (possibly none). Throws on a stream that is not PCM WAV. */
  push(bytes: Uint8Array): Uint8Array {
    if (this.dataLeft !== undefined) {
      return this.takeData(bytes);
    }
    this.pending = concat(this.pending, bytes);
    const header = this.pending;
    if (header.length < RIFF_HEADER_BYTES) {
      return EMPTY;
    }
    if (ascii(header, 0) !== 'RIFF' || ascii(header, 8) !== 'WAVE') {
      throw new Error(l10n.t('the speech engine did not produce WAV audio'));
    }
    let at = RIFF_HEADER_BYTES;
    while (at + CHUNK_HEADER_BYTES <= header.length) {
      const id = ascii(header, at);
      const size = readUint32(header, at + 4);
      const body = at + CHUNK_HEADER_BYTES;
      if (id === 'data') {
        this.requireFormat();
        this.dataLeft = size;
        this.pending = EMPTY;
        return this.takeData(header.subarray(body));
      }
      if (body + size > header.length) {
        break; // the rest of this chunk has not arrived yet
      }
      if (id === 'fmt ') {
        this.info = parseFormat(header.subarray(body, body + size));
      }
      at = body + size + (size % 2); // chunks are padded to an even length
    }
    if (header.length > MAX_HEADER_BYTES) {
      throw new Error(l10n.t('the speech engine wrote a WAV file without audio data'));
    }
    return EMPTY;
  }

  private requireFormat(): void {
    const info = this.info;
    if (!info) {
      throw new Error(l10n.t('the speech engine wrote WAV audio without a format'));
    }
  }

  private takeData(bytes: Uint8Array): Uint8Array {
    const left = this.dataLeft ?? 0;
    const taken = bytes.length <= left ? bytes : bytes.subarray(0, left);
    this.dataLeft = left - taken.length;
    return taken;
  }
}

function parseFormat(body: Uint8Array): PcmInfo {
  if (body.length < 16) {
    throw new Error(l10n.t('the speech engine wrote a truncated WAV format'));
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const formatTag = view.getUint16(0, true);
  const info = { channels: view.getUint16(2, true), sampleRate: view.getUint32(4, true), bitsPerSample: view.getUint16(14, true) };
  // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which is how some writers label plain PCM too.
  if ((formatTag !== 1 && formatTag !== 0xfffe) || info.bitsPerSample !== 16 || info.channels !== 1) {
    throw new Error(
      l10n.t(
        'the speech engine wrote {0}-bit, {1}-channel audio (format {2}); expected 16-bit mono PCM',
        info.bitsPerSample,
        info.channels,
        formatTag,
      ),
    );
  }
  return info;
}

const EMPTY = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) {
    return b;
  }
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16)) + (bytes[at + 3] ?? 0) * 0x1000000;
}
