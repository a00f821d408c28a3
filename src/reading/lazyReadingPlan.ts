// A reading plan made as it is needed: each big passage is cut into windows (documentWindows.ts, or
// commentWindows.ts for a code file read by its comments), and a window becomes speech only when its
// requests are next, or in the background one window per turn of the event loop. The first request leaves
// as soon as the first window is ready. Pure: no vscode import.

import { splitForSynthesis } from '../text/sentences';
import type { SpokenText } from '../text/spoken';
import { CommentWindows } from './commentWindows';
import { DEFAULT_WINDOW_SIZES, DocumentWindows, type PassageWindows, type WindowKind, type WindowSizes } from './documentWindows';
import { MAX_REQUEST_TEXT_BYTES } from '../speech/speechPolicy';
import { passagePreparer, windowKindFor, type SpeechTextOptions } from './passagePreparer';
import { type PassagePreparer, type ReadingPlan, type ReadingSegment, type SourcePassage } from './readingPlan';

/** The plan of a reading of `passages` with these options: what Read Document, Read Selection and Save as MP3 use. */
export function readingPlanFor(passages: readonly SourcePassage[], options: SpeechTextOptions): LazyReadingPlan {
  return new LazyReadingPlan(passages, passagePreparer(options), windowKindFor(options));
}

export class LazyReadingPlan implements ReadingPlan {
  readonly passages: SpokenText[] = [];
  readonly segments: ReadingSegment[] = [];
  spokenLength = 0;
  private readonly windows: Generator<SourcePassage>;
  private done = false;

  constructor(
    sources: readonly SourcePassage[],
    private readonly prepare: PassagePreparer,
    kind: WindowKind,
    private readonly maxRequestBytes = MAX_REQUEST_TEXT_BYTES,
    sizes: WindowSizes = DEFAULT_WINDOW_SIZES,
  ) {
    this.windows = windowsOf(sources, kind, sizes);
  }

  /** Whether every window has been prepared (the sentence count is final). */
  get complete(): boolean {
    return this.done;
  }

  /** Prepares the next window; false once there is none left. */
  prepareNext(): boolean {
    if (this.done) {
      return false;
    }
    const next = this.windows.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    const spoken = this.prepare(next.value);
    const passageIndex = this.passages.length;
    this.passages.push(spoken);
    this.spokenLength += spoken.text.length;
    for (const segment of splitForSynthesis(spoken, this.maxRequestBytes)) {
      this.segments.push({ text: segment.text, passageIndex, start: segment.start, end: segment.end });
    }
    return true;
  }

  /** Whether segment `index` exists, preparing windows until it does or none are left. */
  hasSegment(index: number): boolean {
    while (this.segments.length <= index && this.prepareNext()) {
      // keep preparing
    }
    return index < this.segments.length;
  }

  /** The segments in order, each prepared when it is pulled: what synthesis iterates. */
  *segmentsInOrder(): Generator<ReadingSegment> {
    for (let index = 0; this.hasSegment(index); index++) {
      yield this.segments[index] as ReadingSegment;
    }
  }

  /** Prepares every window left, one per macrotask: for Save as MP3, which needs them all before it starts. */
  prepareAll(signal: AbortSignal = new AbortController().signal): Promise<void> {
    return new Promise((resolve) => {
      // Resolves on abort too (with windows left unprepared): the caller checks `signal`.
      signal.addEventListener('abort', () => resolve(), { once: true });
      this.prepareRest(signal, resolve);
    });
  }

  /**
   * Prepares the remaining windows one per macrotask, so the extension host stays responsive (audio
   * chunks keep flowing) while a 10 MB document is made ready. Stops when `signal` aborts.
   */
  prepareRest(signal: AbortSignal, onDone?: () => void): void {
    const step = (): void => {
      if (signal.aborted) {
        return;
      }
      if (this.prepareNext()) {
        setImmediate(step);
      } else {
        onDone?.();
      }
    };
    setImmediate(step);
  }
}

/** Each source passage, as the windows it is read in (one window unless it is big and may be cut). */
function* windowsOf(sources: readonly SourcePassage[], kind: WindowKind, sizes: WindowSizes): Generator<SourcePassage> {
  for (const source of sources) {
    const windows = windowsFor(source.text, kind, sizes);
    const from = source.from === undefined ? undefined : source.from - source.offset;
    const first = from === undefined ? 0 : windows.windowStartFor(from);
    for (const [start, end] of windows.windowsFrom(first)) {
      const window: SourcePassage = { text: source.text.slice(start, end), offset: source.offset + start };
      // The window holding `from` speaks from there, later ones whole. (A window ending before `from`, where
      // no cut came close enough before it, says nothing.)
      yield from !== undefined && start < from ? { ...window, from: source.from } : window;
    }
  }
}

function windowsFor(text: string, kind: WindowKind, sizes: WindowSizes): PassageWindows {
  return typeof kind === 'string' ? new DocumentWindows(text, kind, sizes) : new CommentWindows(text, kind.comments, sizes);
}
