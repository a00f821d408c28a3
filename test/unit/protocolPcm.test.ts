import * as assert from 'node:assert/strict';
import { parseToPlayerMessage } from '../../src/shared/protocol';

describe('protocol: system-voice (PCM) readings', () => {
  it('a start with a sane PCM sample rate is accepted; without one it is an MP3 reading', () => {
    assert.deepEqual(parseToPlayerMessage({ type: 'start', readingId: 3, playbackRate: 1, pcm: { sampleRate: 22050 } }), {
      type: 'start',
      readingId: 3,
      playbackRate: 1,
      pcm: { sampleRate: 22050 },
    });
    assert.deepEqual(parseToPlayerMessage({ type: 'start', readingId: 3, playbackRate: 1 }), {
      type: 'start',
      readingId: 3,
      playbackRate: 1,
    });
  });

  it('rejects a start whose PCM description is malformed', () => {
    for (const pcm of [
      null,
      22050,
      {},
      { sampleRate: '22050' },
      { sampleRate: 100 },
      { sampleRate: 1e6 },
      { sampleRate: 22050.5 },
      { sampleRate: NaN },
    ]) {
      assert.equal(parseToPlayerMessage({ type: 'start', readingId: 3, playbackRate: 1, pcm }), undefined, JSON.stringify(pcm));
    }
  });
});
