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
      for (const word of segment.text.match(/[\p{L}\p{N}']+/gu) ?? []) {
        t.add({ segmentIndex, text: word, startSeconds: time, durationSeconds: 0.3 });
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

  it('finds the same word twice in a row at successive places', () => {
    const p = planReading([{ text: 'no no no', offset: 100 }]);
    const t = new WordTimeline(p);
    const starts = [0, 1, 2].map((i) => t.add({ segmentIndex: 0, text: 'no', startSeconds: i, durationSeconds: 0.5 })?.range.start);
    assert.deepEqual(starts, [100, 103, 106]);
  });

  it('skips a word the service normalised, without losing its place', () => {
    const p = planReading([{ text: 'Pi is 3.14 exactly', offset: 0 }]);
    const t = new WordTimeline(p);
    assert.ok(t.add({ segmentIndex: 0, text: 'is', startSeconds: 0.3, durationSeconds: 0.2 }));
    assert.equal(t.add({ segmentIndex: 0, text: 'three point one four', startSeconds: 0.6, durationSeconds: 1 }), undefined);
    assert.equal(t.add({ segmentIndex: 0, text: 'exactly', startSeconds: 1.7, durationSeconds: 0.4 })?.range.start, 11);
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
