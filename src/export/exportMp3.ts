// Writes a reading to an MP3 file. Edge sends plain MP3 frames, which concatenate into a valid file, so
// the synthesis stream goes to disk as is. It is written to a part file of its own and renamed into place
// only once complete: a cancelled or failed export leaves neither a truncated MP3 nor the part file
// behind, and never touches a file that already had the target's name.
//
// The part file is created, never opened: its name has a random suffix and it is opened with O_EXCL (and
// O_NOFOLLOW), so a file or symlink a repository planted next to the target (`notes.mp3.part ->
// ~/.bashrc`) is never written through, and two exports to one target never share a part file. The
// rename replaces the target path itself, a link there included, not what a link points to. Pure Node:
// no vscode.

import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { synthesizeSpeech, type SpeechSegment, type SynthesisOptions } from '../speech/synthesizeSpeech';

export interface ExportMp3Options {
  readonly segments: readonly SpeechSegment[];
  readonly synthesis: Omit<SynthesisOptions, 'signal' | 'wordBoundaries'>;
  /** The finished file's path. */
  readonly targetPath: string;
  readonly signal: AbortSignal;
  /** `done` of `total` segments are complete; called with 0 at the start and `total` at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The service does not offer the voice `from`; the file goes on in `to` (synthesis.voiceFallback's choice). */
  readonly onVoiceFallback?: (from: string, to: string) => void;
}

export type ExportMp3Outcome =
  /** `retries`: requests resumed after a drop or an empty answer (see synthesizeSpeech). */
  { readonly kind: 'saved'; readonly bytes: number; readonly segments: number; readonly retries: number } | { readonly kind: 'cancelled' };

/** A fresh part file name next to `targetPath`: `notes.mp3.3f9a1c0b7d2e.part`. */
export function partPathFor(targetPath: string): string {
  return `${targetPath}.${randomBytes(6).toString('hex')}.part`;
}

/** Create-only, write-only, never through a symlink (O_NOFOLLOW does not exist on Windows; O_EXCL suffices there). */
const CREATE_NEW_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
const PART_FILE_ATTEMPTS = 3;

/** Creates a new part file next to `targetPath`; a name already taken (EEXIST) is never opened. */
async function createPartFile(targetPath: string): Promise<{ file: fs.FileHandle; partPath: string }> {
  for (let attempt = 1; ; attempt++) {
    const partPath = partPathFor(targetPath);
    try {
      return { file: await fs.open(partPath, CREATE_NEW_FILE, 0o644), partPath };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === PART_FILE_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** Synthesizes `segments` into `targetPath`. Resolves `cancelled` on abort; rejects (SpeechError, or a file error) on failure. */
export async function exportMp3(options: ExportMp3Options): Promise<ExportMp3Outcome> {
  const { segments, signal, targetPath } = options;
  const total = segments.length;
  if (signal.aborted) {
    return { kind: 'cancelled' };
  }
  const { file, partPath } = await createPartFile(targetPath);
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
      } else if (event.kind === 'voiceFallback') {
        options.onVoiceFallback?.(event.from, event.to);
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
