import * as assert from 'node:assert/strict';
import {
  edgeFallbackMessage,
  engineForReading,
  fallsBackToSystemVoice,
  FALLBACK_HOLD_MS,
  validateEngineSettings,
} from '../../src/engines/engineChoice';
import { planReading } from '../../src/reading/readingPlan';
import { WordTimeline } from '../../src/reading/wordTimeline';
import { SpeechError, type SpeechErrorKind } from '../../src/speech/speechError';

describe('Engine choice (readAloud.engine)', () => {
  it('validates the engine and the system voice, reporting what it replaced', () => {
    assert.deepEqual(validateEngineSettings({ engine: undefined, systemVoice: undefined }), {
      settings: { mode: 'auto', systemVoice: undefined },
      problems: [],
    });
    assert.deepEqual(validateEngineSettings({ engine: 'system', systemVoice: ' en-gb-x-rp ' }).settings, {
      mode: 'system',
      systemVoice: 'en-gb-x-rp',
    });
    const bad = validateEngineSettings({ engine: 'cloud', systemVoice: '--stdout' });
    assert.deepEqual(bad.settings, { mode: 'auto', systemVoice: undefined });
    assert.equal(bad.problems.length, 2);
    assert.match(bad.problems[0]!, /readAloud\.engine must be one of auto, edge, system/);
    assert.equal(validateEngineSettings({ engine: 'edge', systemVoice: 42 }).problems.length, 1);
  });

  it('auto uses Edge, then the system voice for a while after Edge failed; edge and system are fixed', () => {
    const now = 1_000_000_000;
    assert.equal(engineForReading('auto', undefined, now), 'edge');
    assert.equal(engineForReading('auto', now - 1000, now), 'system');
    assert.equal(engineForReading('auto', now - FALLBACK_HOLD_MS - 1, now), 'edge');
    assert.equal(engineForReading('edge', now - 1000, now), 'edge');
    assert.equal(engineForReading('system', undefined, now), 'system');
  });

  it("falls back on outages and refusals in auto only; a rejected request is the user's to fix", () => {
    const kinds: SpeechErrorKind[] = ['network', 'forbidden', 'timeout', 'stalled', 'interrupted', 'noAudio'];
    for (const kind of kinds) {
      assert.ok(fallsBackToSystemVoice('auto', new SpeechError(kind, 'x')), kind);
      assert.ok(!fallsBackToSystemVoice('edge', new SpeechError(kind, 'x')), kind);
    }
    assert.ok(!fallsBackToSystemVoice('auto', new SpeechError('rejected', 'Unsupported voice')));
    assert.ok(!fallsBackToSystemVoice('auto', new SpeechError('engine', 'espeak-ng missing')));
    // The notification is our wording, never the server's text.
    assert.doesNotMatch(edgeFallbackMessage(new SpeechError('network', '<img src=x> server text'), 'espeak-ng'), /server text|</);
    assert.equal(
      edgeFallbackMessage(new SpeechError('forbidden', 'x'), 'espeak-ng'),
      "Read Aloud: Microsoft Edge's speech service refused the connection, so the reading goes on with the system voice (espeak-ng).",
    );
    assert.match(edgeFallbackMessage(new SpeechError('timeout', 'x'), 'say'), /can't be reached, so .* \(say\)\.$/);
    assert.match(edgeFallbackMessage(new SpeechError('stalled', 'x'), 'say'), /stopped answering, so /);
  });

  it('the timeline follows sentences reported without words, and words where they are reported', () => {
    const text = 'First sentence here. Second one follows. Third.';
    const plan = planReading([{ text, offset: 100 }]);
    const timeline = new WordTimeline(plan);
    timeline.addSentence({ segmentIndex: 0, textStart: 0, textEnd: 20, startSeconds: 0 });
    timeline.addSentence({ segmentIndex: 0, textStart: 21, textEnd: 40, startSeconds: 1.5 });
    timeline.add({ segmentIndex: 0, textStart: 28, textEnd: 31, startSeconds: 1.9, durationSeconds: 0 });
    const first = timeline.wordAt(0.7);
    assert.equal(first?.sentenceIndex, 0);
    assert.equal(first?.wholeSentence, true);
    assert.equal(first?.range.start, 100);
    assert.equal(timeline.wordAt(1.6)?.sentenceIndex, 1);
    const word = timeline.wordAt(2);
    assert.equal(word?.wholeSentence, undefined);
    assert.deepEqual(word?.range, { start: 128, end: 131 });
    assert.equal(timeline.sentenceStartSeconds(1), 1.5);
  });
});
