import * as assert from 'node:assert/strict';
import { DEFAULT_SPEECH_SETTINGS, planSpeed, validateSpeechSettings, voiceOptionsFor } from '../../src/settings/speechSettings';

const valid = { voice: 'en-GB-SoniaNeural', speed: 1.5, pitch: -10, volume: 80 };

describe('speech settings', () => {
  it('accepts valid settings unchanged', () => {
    const { settings, problems } = validateSpeechSettings(valid);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { voice: 'en-GB-SoniaNeural', speed: 1.5, pitchHz: -10, volumePercent: 80 });
  });

  it('uses defaults for missing values without complaining', () => {
    const { settings, problems } = validateSpeechSettings({ voice: undefined, speed: undefined, pitch: undefined, volume: undefined });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, DEFAULT_SPEECH_SETTINGS);
  });

  it('accepts voice names with a script or a regional variant', () => {
    for (const voice of ['iu-Cans-CA-SiqiniqNeural', 'fil-PH-BlessicaNeural', 'zh-CN-liaoning-XiaobeiNeural']) {
      assert.deepEqual(validateSpeechSettings({ ...valid, voice }).problems, [], voice);
    }
  });

  it('refuses anything that could break out of the SSML attribute, with a clear message', () => {
    for (const voice of ['en-US-Ava"Neural', 'en-US-AvaNeural"><evil/>', '', 'Ava', 'en-US-<Neural>', 42]) {
      const { settings, problems } = validateSpeechSettings({ ...valid, voice });
      assert.equal(settings.voice, DEFAULT_SPEECH_SETTINGS.voice);
      if (voice !== '') {
        assert.equal(problems[0]?.setting, 'voice');
        assert.match(problems[0]?.message ?? '', /not an Edge voice name/);
      }
    }
  });

  it('replaces out-of-range or non-numeric numbers by defaults and says which', () => {
    const { settings, problems } = validateSpeechSettings({ voice: 'en-US-AvaNeural', speed: 9, pitch: '"+0Hz', volume: Number.NaN });
    assert.deepEqual(settings, DEFAULT_SPEECH_SETTINGS);
    assert.deepEqual(
      problems.map((p) => p.setting),
      ['speed', 'pitch', 'volume'],
    );
    assert.match(problems[0]?.message ?? '', /outside 0\.5–4×/);
  });

  it('renders prosody in the forms Edge clients send', () => {
    assert.deepEqual(voiceOptionsFor({ voice: 'en-US-AvaNeural', speed: 1.25, pitchHz: -5, volumePercent: 60 }), {
      voice: 'en-US-AvaNeural',
      rate: '+25%',
      pitch: '-5Hz',
      volume: '-40%',
    });
    assert.deepEqual(voiceOptionsFor(DEFAULT_SPEECH_SETTINGS), { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' });
  });

  it('asks the service for up to 2× and the player for the rest', () => {
    assert.deepEqual(planSpeed(0.5), { serviceRate: '-50%', playbackRate: 1 });
    assert.deepEqual(planSpeed(2), { serviceRate: '+100%', playbackRate: 1 });
    assert.deepEqual(planSpeed(3), { serviceRate: '+100%', playbackRate: 1.5 });
    assert.deepEqual(planSpeed(4), { serviceRate: '+100%', playbackRate: 2 });
  });
});
