// Writes a reading to an MP3 file. Edge sends plain MP3 frames, which concatenate into a valid file, so
// the synthesis stream goes to disk as is. It is written to `<target>.part` and renamed into place only
// once complete: a cancelled or failed export leaves neither a truncated MP3 nor the part file behind,
// and never touches a file that already had the target's name. Pure Node: no vscode.

import { promises as fs } from 'node:fs';
import { synthesizeSpeech, type SpeechSegment, type SynthesisOptions } from '../speech/synthesizeSpeech';

export interface ExportMp3Options {
  readonly segments: readonly SpeechSegment[];
  readonly synthesis: Omit<SynthesisOptions, 'signal' | 'wordBoundaries'>;
  /** The finished file's path. */
  readonly targetPath: string;
  readonly signal: AbortSignal;
  /** `done` of `total` segments are complete; called with 0 at the start and `total` at the end. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type ExportMp3Outcome =
  /** `retries`: requests resumed after a drop or an empty answer (see synthesizeSpeech). */
  | { readonly kind: 'saved'; readonly bytes: number; readonly segments: number; readonly retries: number }
  | { readonly kind: 'cancelled' };

export function partPathFor(targetPath: string): string {
  return `${targetPath}.part`;
}

/** Synthesizes `segments` into `targetPath`. Resolves `cancelled` on abort; rejects (SpeechError, or a file error) on failure. */
export async function exportMp3(options: ExportMp3Options): Promise<ExportMp3Outcome> {
  const { segments, signal, targetPath } = options;
  const total = segments.length;
  const partPath = partPathFor(targetPath);
  if (signal.aborted) {
    return { kind: 'cancelled' };
  }
  const file = await fs.open(partPath, 'w');
  let closed = false;
  let renamed = false;
  let bytes = 0;
  let retries = 0;
  try {
    options.onProgress?.(0, total);
    // Word boundaries are not shown, but they let a dropped request resume at the last word spoken rather
    // than repeat the whole request (up to minutes of audio) in the file.
    for await (const event of synthesizeSpeech(segments, { ...options.synthesis, signal, wordBoundaries: true })) {
      if (event.kind === 'segment' && event.index > 0) {
        options.onProgress?.(event.index, total);
      } else if (event.kind === 'audio') {
        await file.write(event.chunk);
        bytes += event.chunk.length;
      } else if (event.kind === 'retry') {
        retries++;
      }
    }
    // synthesizeSpeech ends quietly on abort, so an abort between segments looks like an end.
    if (signal.aborted) {
      return { kind: 'cancelled' };
    }
    await file.close();
    closed = true;
    await fs.rename(partPath, targetPath);
    renamed = true;
    options.onProgress?.(total, total);
    return { kind: 'saved', bytes, segments: total, retries };
  } finally {
    if (!closed) {
      await file.close().catch(() => undefined);
    }
    if (!renamed) {
      // Best effort: a failure to delete must not hide the error that brought us here.
      await fs.rm(partPath, { force: true }).catch(() => undefined);
    }
  }
}
