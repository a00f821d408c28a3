// MPEG audio frame headers: enough to cut the fixture at frame boundaries (so every rendition the
// fake sends is a decodable stream) and to check that bytes a client received are whole, valid frames.

export interface Mp3Frame {
  /** Byte offset of the frame's 4-byte header in the buffer it was read from. */
  readonly offset: number;
  /** Whole frame length in bytes, header included. */
  readonly length: number;
  readonly sampleRate: number;
  readonly bitrateKbps: number;
  readonly durationMs: number;
}

// Bitrate tables indexed by the 4-bit bitrate index (0 = free format, 15 = invalid: both rejected).
const BITRATES_KBPS = {
  mpeg1Layer1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  mpeg1Layer2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  mpeg1Layer3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2Layer1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  mpeg2Layer23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;

// Indexed by the 2-bit version id (1 is reserved), then by the 2-bit sample-rate index (3 is reserved).
const SAMPLE_RATES: Record<number, readonly number[]> = {
  0: [11025, 12000, 8000], // MPEG 2.5
  2: [22050, 24000, 16000], // MPEG 2
  3: [44100, 48000, 32000], // MPEG 1
};

/** Reads the frame header at `offset`, or returns undefined if there is no valid header there. */
export function readMp3FrameHeader(buf: Uint8Array, offset: number): Mp3Frame | undefined {
  if (offset + 4 > buf.length) return undefined;
  const b1 = buf[offset + 1] ?? 0;
  const b2 = buf[offset + 2] ?? 0;
  if (buf[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;

  const versionId = (b1 >> 3) & 3;
  const layerBits = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const sampleRate = SAMPLE_RATES[versionId]?.[(b2 >> 2) & 3];
  if (layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || sampleRate === undefined) return undefined;

  const layer = 4 - layerBits;
  const mpeg1 = versionId === 3;
  const table =
    layer === 1
      ? mpeg1
        ? BITRATES_KBPS.mpeg1Layer1
        : BITRATES_KBPS.mpeg2Layer1
      : mpeg1
        ? layer === 2
          ? BITRATES_KBPS.mpeg1Layer2
          : BITRATES_KBPS.mpeg1Layer3
        : BITRATES_KBPS.mpeg2Layer23;
  const bitrateKbps = table[bitrateIndex] ?? 0;
  const padding = (b2 >> 1) & 1;
  const bps = bitrateKbps * 1000;

  let length: number;
  let samples: number;
  if (layer === 1) {
    length = (Math.floor((12 * bps) / sampleRate) + padding) * 4;
    samples = 384;
  } else if (layer === 2 || mpeg1) {
    length = Math.floor((144 * bps) / sampleRate) + padding;
    samples = 1152;
  } else {
    // MPEG 2/2.5 Layer III frames hold half as many samples, hence 72 instead of 144.
    length = Math.floor((72 * bps) / sampleRate) + padding;
    samples = 576;
  }
  return { offset, length, sampleRate, bitrateKbps, durationMs: (samples * 1000) / sampleRate };
}

export interface Mp3ParseResult {
  readonly frames: readonly Mp3Frame[];
  /** Bytes after the last whole frame: 0 for a stream that is exactly a sequence of frames. */
  readonly trailingBytes: number;
  readonly durationMs: number;
}

/**
 * Walks consecutive frames from offset 0 and stops at the first byte that does not start a whole frame.
 * Deliberately strict (no resync, no ID3 skipping): the fake never sends tags, so anything left over is a bug.
 */
export function parseMp3Frames(buf: Uint8Array): Mp3ParseResult {
  const frames: Mp3Frame[] = [];
  let offset = 0;
  let durationMs = 0;
  for (;;) {
    const frame = readMp3FrameHeader(buf, offset);
    if (!frame || offset + frame.length > buf.length) break;
    frames.push(frame);
    durationMs += frame.durationMs;
    offset += frame.length;
  }
  return { frames, trailingBytes: buf.length - offset, durationMs };
}
