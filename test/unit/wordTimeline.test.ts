import * as assert from 'node:assert/strict';
import { OffsetTracker } from '../../src/reading/offsetTracker';
import { planReading } from '../../src/reading/readingPlan';
import { WordTimeline } from '../../src/reading/wordTimeline';

describe('reading plan', () => {
  it('keeps each segment traceable to its passage and document offsets', () => {
    const doc = 'Intro line.\r\n\r\nSecond   paragraph\twith tabs.\u000b Done.';
    const plan = planReading([{ text: doc.slice(15), offset: 15 }], 24);
    assert.ok(plan.segments.length > 1);
    for (const segment of plan.segments) {
      const passage = plan.passages[segment.passageIndex]!;
      assert.equal(passage.text.slice(segment.start, segment.end), segment.text);
      const range = passage.sourceRange(segment.start, segment.end);
      const original = doc.slice(range.start, range.end);
      assert.deepEqual(original.split(/\s+/).filter(Boolean), segment.text.split(/\s+/).filter(Boolean));
    }
  });

  it('has no segments for whitespace-only passages', () => {
    assert.equal(planReading([{ text: ' \n\t \r\n', offset: 0 }]).segments.length, 0);
  });
});

describe('WordTimeline', () => {
  const doc = 'Hello there, world.\n\nSecond    sentence here! Third one.';
  const plan = planReading([{ text: doc, offset: 0 }], 40);

  function timeline(): WordTimeline {
    const t = new WordTimeline(plan);
    let time = 0;
    plan.segments.forEach((segment, segmentIndex) => {
      for (const match of segment.text.matchAll(/[\p{L}\p{N}']+/gu)) {
        t.add({ segmentIndex, textStart: match.index, textEnd: match.index + match[0].length, startSeconds: time, durationSeconds: 0.3 });
        time += 0.4;
      }
    });
    return t;
  }

  it('maps each spoken word back to its exact document range', () => {
    const t = timeline();
    const words: string[] = [];
    for (let i = 0; i < t.wordCount; i++) {
      const word = t.wordAt(i * 0.4 + 0.01);
      assert.ok(word);
      words.push(doc.slice(word.range.start, word.range.end));
    }
    assert.deepEqual(words, ['Hello', 'there', 'world', 'Second', 'sentence', 'here', 'Third', 'one']);
  });

  it('knows the sentence of each word, as document ranges', () => {
    const t = timeline();
    assert.deepEqual(
      t.sentences.map((s) => doc.slice(s.start, s.end)),
      ['Hello there, world.', 'Second    sentence here!', 'Third one.'],
    );
    assert.equal(t.wordAt(0.05)?.sentenceIndex, 0);
    assert.equal(t.wordAt(1.25)?.sentenceIndex, 1);
    assert.equal(t.wordAt(2.45)?.sentenceIndex, 2);
    assert.ok(Math.abs((t.sentenceStartSeconds(1) ?? 0) - 1.2) < 1e-9);
  });

  it('maps words of a passage that starts inside the document', () => {
    const p = planReading([{ text: 'no  no no', offset: 100 }]);
    const t = new WordTimeline(p);
    const starts = [
      [0, 2],
      [3, 5],
      [6, 8],
    ].map(([s, e], i) => t.add({ segmentIndex: 0, textStart: s!, textEnd: e!, startSeconds: i, durationSeconds: 0.5 })?.range);
    assert.deepEqual(starts, [
      { start: 100, end: 102 },
      { start: 104, end: 106 },
      { start: 107, end: 109 },
    ]);
  });

  it('refuses a report that lies outside its segment', () => {
    const t = new WordTimeline(plan);
    assert.equal(t.add({ segmentIndex: 0, textStart: 0, textEnd: 10_000, startSeconds: 0, durationSeconds: 1 }), undefined);
    assert.equal(t.add({ segmentIndex: 99, textStart: 0, textEnd: 1, startSeconds: 0, durationSeconds: 1 }), undefined);
    assert.equal(t.wordCount, 0);
  });

  it('returns no word before the first one starts', () => {
    const t = timeline();
    assert.equal(new WordTimeline(plan).wordAt(5), undefined);
    assert.equal(t.wordAt(-1), undefined);
  });
});

describe('OffsetTracker', () => {
  it('shifts ranges after an edit and drops ranges an edit touched', () => {
    const tracker = new OffsetTracker();
    tracker.record([{ offset: 0, removedLength: 0, insertedLength: 5 }]); // typed 5 chars at the top
    assert.deepEqual(tracker.mapRange(10, 14), { start: 15, end: 19 });
    tracker.record([{ offset: 16, removedLength: 2, insertedLength: 0 }]); // deleted inside the word
    assert.equal(tracker.mapRange(10, 14), undefined);
    assert.deepEqual(tracker.mapRange(30, 31), { start: 33, end: 34 });
    assert.deepEqual(tracker.mapRange(2, 3), { start: 7, end: 8 });
  });

  it('applies the changes of one event from the highest offset down', () => {
    const tracker = new OffsetTracker();
    // Two cursors typing "x" at offsets 2 and 8 in one event (both relative to the document before it).
    tracker.record([
      { offset: 2, removedLength: 0, insertedLength: 1 },
      { offset: 8, removedLength: 0, insertedLength: 1 },
    ]);
    assert.deepEqual(tracker.mapRange(4, 6), { start: 5, end: 7 });
    assert.deepEqual(tracker.mapRange(9, 10), { start: 11, end: 12 });
  });
});
