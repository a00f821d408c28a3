// What one reading says, cut into requests, each remembering where it came from in the document.
// Pure: no vscode import.

import { MAX_REQUEST_TEXT_BYTES } from '../speech/speechPolicy';
import { splitForSynthesis } from '../text/sentences';
import { cleanForSpeech, type SpokenText } from '../text/spoken';

/** A stretch of the document to read: its text and the document offset where it starts. */
export interface SourcePassage {
  readonly text: string;
  readonly offset: number;
  /** Start speaking at this document offset (the whole passage is still parsed, e.g. for Markdown). */
  readonly from?: number;
}

/** One request's worth of text and where it sits in the spoken text of its passage. */
export interface ReadingSegment {
  readonly text: string;
  readonly passageIndex: number;
  /** Offsets in the passage's spoken text. */
  readonly start: number;
  readonly end: number;
}

export interface ReadingPlan {
  readonly passages: readonly SpokenText[];
  readonly segments: readonly ReadingSegment[];
  /** Total characters that will be spoken. */
  readonly spokenLength: number;
}

/** Turns a passage into what is said, keeping the map back to the document. */
export type PassagePreparer = (passage: SourcePassage) => SpokenText;

const plainCleanup: PassagePreparer = (passage) => cleanForSpeech(passage.text, passage.offset);

export function planReading(
  passages: readonly SourcePassage[],
  maxRequestBytes = MAX_REQUEST_TEXT_BYTES,
  prepare: PassagePreparer = plainCleanup,
): ReadingPlan {
  const spoken = passages.map(prepare);
  const segments: ReadingSegment[] = [];
  let spokenLength = 0;
  spoken.forEach((text, passageIndex) => {
    spokenLength += text.text.length;
    for (const segment of splitForSynthesis(text, maxRequestBytes)) {
      segments.push({ text: segment.text, passageIndex, start: segment.start, end: segment.end });
    }
  });
  return { passages: spoken, segments, spokenLength };
}
