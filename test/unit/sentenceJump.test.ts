import * as assert from 'node:assert/strict';
import { planReading } from '../../src/reading/readingPlan';
import { MIN_BUFFERED_AFTER_SEEK_SECONDS, planSentenceJump, SeekSettler, SEEK_INTO_WORD_SECONDS } from '../../src/reading/sentenceJump';
import { WordTimeline } from '../../src/reading/wordTimeline';

describe('sentence jumps: seek within buffered audio or read again', () => {
  const doc = 'One two three. Four five six. Seven eight nine. Ten eleven twelve.';
  /** A word every 0.5 s: sentence n starts at 1.5·n s. */
  function timeline(words = Number.POSITIVE_INFINITY): WordTimeline {
    const plan = planReading([{ text: doc, offset: 0 }]);
    const t = new WordTimeline(plan);
    let n = 0;
    for (const match of plan.segments[0]!.text.matchAll(/\p{L}+/gu)) {
      if (n >= words) {
        break;
      }
      t.add({
        segmentIndex: 0,
        textStart: match.index,
        textEnd: match.index + match[0].length,
        startSeconds: n * 0.5,
        durationSeconds: 0.4,
      });
      n++;
    }
    return t;
  }
  const context = (t: WordTimeline, start: number, end: number) => ({
    sentenceStartSeconds: (i: number) => t.sentenceStartSeconds(i),
    buffered: { start, end },
  });

  it('knows when each sentence starts, from its first word (binary search over the timeline)', () => {
    const t = timeline();
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => t.sentenceStartSeconds(i)),
      [0, 1.5, 3, 4.5],
    );
    assert.equal(t.sentenceStartSeconds(4), undefined);
    assert.equal(timeline(4).sentenceStartSeconds(2), undefined, 'a sentence not reported yet has no start');
  });

  it('seeks just into the first word of a buffered sentence, forward and back', () => {
    const t = timeline();
    assert.deepEqual(planSentenceJump(2, context(t, 0, 10)), { kind: 'seek', seconds: 3 + SEEK_INTO_WORD_SECONDS });
    assert.deepEqual(planSentenceJump(0, context(t, 0, 10)), { kind: 'seek', seconds: SEEK_INTO_WORD_SECONDS });
    // The word at the seek target is the sentence's first word.
    assert.equal(t.wordAt(3 + SEEK_INTO_WORD_SECONDS)?.sentenceIndex, 2);
  });

  it('reads again when the sentence is not buffered: freed, not yet arrived, or not yet synthesized', () => {
    const t = timeline();
    assert.deepEqual(planSentenceJump(0, context(t, 1, 10)), { kind: 'restart' }, 'played audio already freed');
    assert.deepEqual(planSentenceJump(3, context(t, 0, 4.5)), { kind: 'restart' }, 'its audio has not arrived');
    assert.deepEqual(
      planSentenceJump(3, context(t, 0, 4.5 + MIN_BUFFERED_AFTER_SEEK_SECONDS / 2)),
      { kind: 'restart' },
      'too little of it',
    );
    assert.deepEqual(planSentenceJump(3, context(t, 0, 4.5 + MIN_BUFFERED_AFTER_SEEK_SECONDS)).kind, 'seek');
    assert.deepEqual(planSentenceJump(3, context(timeline(7), 0, 100)), { kind: 'restart' }, 'no word of it reported');
  });

  it('after a seek, ignores progress from the old position until the new one is reported or a second passes', () => {
    const settler = new SeekSettler();
    assert.ok(settler.accepts(7, 0), 'no seek: everything is believed');
    settler.seeked(3, 1000);
    assert.equal(settler.accepts(7.05, 1010), false, 'a report from before the seek');
    assert.equal(settler.accepts(1, 1020), false);
    assert.ok(settler.accepts(3.0, 1030), 'the new position');
    assert.ok(settler.accepts(7, 1040), 'settled: believed again');
    settler.seeked(20, 2000);
    assert.equal(settler.accepts(5, 2500), false);
    assert.ok(settler.accepts(5, 3000), 'after a second, whatever the player says');
  });
});
