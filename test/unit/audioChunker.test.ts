import * as assert from 'node:assert/strict';
import { AudioChunker } from '../../src/speech/audioChunker';

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = (i * 31 + seed) & 0xff;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('AudioChunker', () => {
  it('cuts frames of uneven sizes into exact 4096-byte chunks and reassembles byte for byte', () => {
    const frames = [4096, 904, 1, 7000, 3000, 12288, 5, 2304, 4800].map((n, i) => bytes(n, i));
    const chunker = new AudioChunker();
    const chunks = frames.flatMap((frame) => chunker.push(frame));
    const rest = chunker.flush();
    for (const chunk of chunks) {
      assert.equal(chunk.length, 4096);
    }
    assert.ok(rest && rest.length > 0 && rest.length < 4096);
    assert.deepEqual(concat([...chunks, rest]), concat(frames));
  });

  it('returns chunks that do not share memory with the input or with each other', () => {
    const input = bytes(8192, 7);
    const chunker = new AudioChunker();
    const [first, second] = chunker.push(input);
    assert.ok(first && second);
    input.fill(0);
    assert.notEqual(first[1], 0);
    assert.notEqual(first.buffer, second.buffer);
    assert.equal(first.byteOffset, 0);
    assert.equal(first.buffer.byteLength, 4096);
  });

  it('flushes nothing when the total is a multiple of the chunk size, and nothing twice', () => {
    const chunker = new AudioChunker(4);
    assert.equal(chunker.push(bytes(8, 1)).length, 2);
    assert.equal(chunker.flush(), undefined);
    chunker.push(bytes(3, 2));
    assert.equal(chunker.flush()?.length, 3);
    assert.equal(chunker.flush(), undefined);
  });

  it('rejects a nonsensical chunk size', () => {
    assert.throws(() => new AudioChunker(0), RangeError);
  });
});
