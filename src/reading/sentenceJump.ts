// Whether a jump to another sentence can be a seek within the audio the player holds, or needs the
// reading to be synthesized again from there. Pure: no vscode import.

/** What a jump needs to know about the reading's audio. */
export interface JumpContext {
  /** When the sentence's first word is heard, in seconds of the reading's audio, if the service has said. */
  sentenceStartSeconds(index: number): number | undefined;
  /** The audio the player holds, in seconds of the reading. */
  readonly buffered: { readonly start: number; readonly end: number };
}

export type SentenceJump =
  | { readonly kind: 'seek'; readonly seconds: number }
  /** Not buffered (or not synthesized yet): read again from that sentence. */
  | { readonly kind: 'restart' };

/** A seek needs at least this much of the sentence buffered, or the user would hear a stall at once. */
export const MIN_BUFFERED_AFTER_SEEK_SECONDS = 0.25;
/**
 * Seek this far into the first word: the player's clock may read a hair below the time it was set to,
 * which would put the highlight (the last word started at or before it) on the previous word.
 */
export const SEEK_INTO_WORD_SECONDS = 0.01;

export function planSentenceJump(target: number, context: JumpContext): SentenceJump {
  const start = context.sentenceStartSeconds(target);
  const { buffered } = context;
  if (start === undefined || start < buffered.start || start + MIN_BUFFERED_AFTER_SEEK_SECONDS > buffered.end) {
    return { kind: 'restart' };
  }
  return { kind: 'seek', seconds: Math.min(start + SEEK_INTO_WORD_SECONDS, buffered.end) };
}

/** How long progress reports from before a seek are ignored at most. */
const SEEK_SETTLE_MS = 1000;
/** A report this close after the seek target belongs to the new position. */
const SETTLED_WINDOW_SECONDS = 2;

/**
 * After a seek, the player may still send a progress report or two from the old position (they were on
 * their way). Those would move the highlight back for a moment and, worse, make a second quick
 * Next Sentence jump from the old sentence. This filters them out until the player reports the new
 * position (or a second has passed).
 */
export class SeekSettler {
  private pending: { seconds: number; until: number } | undefined;

  seeked(seconds: number, nowMs: number): void {
    this.pending = { seconds, until: nowMs + SEEK_SETTLE_MS };
  }

  /** Whether a progress report at `currentTime` should be believed. */
  accepts(currentTime: number, nowMs: number): boolean {
    const pending = this.pending;
    if (pending === undefined) {
      return true;
    }
    // Small negative slack: the clock may read a hair below the time it was set to.
    const settled = currentTime >= pending.seconds - 0.05 && currentTime <= pending.seconds + SETTLED_WINDOW_SECONDS;
    if (settled || nowMs >= pending.until) {
      this.pending = undefined;
      return true;
    }
    return false;
  }
}
