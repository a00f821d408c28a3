import { AUDIO_CHUNK_BYTES } from '../shared/protocol';

/**
 * Re-cuts an audio byte stream into pieces of exactly `chunkBytes` (the last may be shorter).
 *
 * msedge-tts yields one piece per WebSocket frame, and Edge's frame sizes are not fixed, so the
 * player would otherwise receive arbitrary sizes. Bytes are copied once into a fresh buffer per chunk,
 * which also detaches them from Node's pooled Buffers before they are posted to the webview.
 */
export class AudioChunker {
  private pending = new Uint8Array(0);
  private pendingLength = 0;

  constructor(private readonly chunkBytes = AUDIO_CHUNK_BYTES) {
    if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) {
      throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
    }
    this.pending = new Uint8Array(chunkBytes);
  }

  /** Adds bytes and returns every chunk that is now complete. */
  push(bytes: Uint8Array): Uint8Array[] {
    const complete: Uint8Array[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(this.chunkBytes - this.pendingLength, bytes.length - offset);
      this.pending.set(bytes.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      if (this.pendingLength === this.chunkBytes) {
        complete.push(this.pending);
        this.pending = new Uint8Array(this.chunkBytes);
        this.pendingLength = 0;
      }
    }
    return complete;
  }

  /** Returns the remainder (shorter than a chunk), if any, and empties the chunker. */
  flush(): Uint8Array | undefined {
    if (this.pendingLength === 0) {
      return undefined;
    }
    const rest = this.pending.slice(0, this.pendingLength);
    this.pendingLength = 0;
    return rest;
  }
}
