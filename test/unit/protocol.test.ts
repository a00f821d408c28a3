import * as assert from 'node:assert/strict';
import { AUDIO_MIME_TYPE, parseFromPlayerMessage, parseToPlayerMessage } from '../../src/shared/protocol';

describe('host/player protocol', () => {
  it('streams MP3, the one compressed format VS Code desktop webviews decode', () => {
    assert.equal(AUDIO_MIME_TYPE, 'audio/mpeg');
  });

  it('accepts well-formed messages to the player and copies only known fields', () => {
    const data = new ArrayBuffer(4096);
    assert.deepEqual(parseToPlayerMessage({ type: 'chunk', readingId: 3, seq: 0, data, extra: 'x' }), {
      type: 'chunk',
      readingId: 3,
      seq: 0,
      data,
    });
    assert.deepEqual(parseToPlayerMessage({ type: 'start', readingId: 1, playbackRate: 1.5 }), {
      type: 'start',
      readingId: 1,
      playbackRate: 1.5,
    });
    assert.deepEqual(parseToPlayerMessage({ type: 'stop', readingId: 1 }), { type: 'stop', readingId: 1 });
    assert.deepEqual(parseToPlayerMessage({ type: 'setPaused', readingId: 1, paused: true }), {
      type: 'setPaused',
      readingId: 1,
      paused: true,
    });
    assert.deepEqual(parseToPlayerMessage({ type: 'seek', readingId: 4, seconds: 12.5 }), { type: 'seek', readingId: 4, seconds: 12.5 });
    assert.deepEqual(parseToPlayerMessage({ type: 'caption', readingId: 1, text: 'A sentence.', position: '1 / 2' }), {
      type: 'caption',
      readingId: 1,
      text: 'A sentence.',
      position: '1 / 2',
    });
  });

  it('rejects malformed messages to the player', () => {
    const bad: unknown[] = [
      null,
      'chunk',
      [],
      { type: 'chunk', readingId: 1, seq: 0, data: 'AAAA' },
      { type: 'chunk', readingId: 1, seq: 0, data: new Uint8Array(10) },
      { type: 'chunk', readingId: 1, seq: 0, data: new ArrayBuffer(0) },
      { type: 'chunk', readingId: 1, seq: 0, data: new ArrayBuffer(1 << 20) },
      { type: 'chunk', readingId: 1, seq: -1, data: new ArrayBuffer(8) },
      { type: 'start', readingId: 1, playbackRate: 100 },
      { type: 'start', readingId: '1', playbackRate: 1 },
      { type: 'start', readingId: 1.5, playbackRate: 1 },
      { type: 'setPaused', readingId: 1, paused: 'yes' },
      { type: 'eval', readingId: 1, code: 'alert(1)' },
      { type: 'caption', readingId: 1, text: 'x'.repeat(301), position: '1 / 2' },
      { type: 'caption', readingId: 1, text: 'ok', position: 5 },
      { type: 'seek', readingId: 1, seconds: -1 },
      { type: 'seek', readingId: 1, seconds: Number.POSITIVE_INFINITY },
      { type: 'seek', readingId: 1, seconds: '3' },
      { type: 'seek', readingId: 1 },
    ];
    for (const message of bad) {
      assert.equal(parseToPlayerMessage(message), undefined, JSON.stringify(message));
    }
  });

  it('accepts well-formed messages from the player and rejects the rest', () => {
    assert.deepEqual(parseFromPlayerMessage({ type: 'ready', audioUnlocked: false }), { type: 'ready', audioUnlocked: false });
    assert.deepEqual(parseFromPlayerMessage({ type: 'progress', readingId: 2, currentTime: 1.5, bufferedTime: 4, bufferedStart: 0.5 }), {
      type: 'progress',
      readingId: 2,
      currentTime: 1.5,
      bufferedTime: 4,
      bufferedStart: 0.5,
    });
    assert.equal(
      parseFromPlayerMessage({ type: 'progress', readingId: 2, currentTime: Number.NaN, bufferedTime: 4, bufferedStart: 0 }),
      undefined,
    );
    assert.equal(
      parseFromPlayerMessage({ type: 'progress', readingId: 2, currentTime: 1, bufferedTime: 4 }),
      undefined,
      'no bufferedStart',
    );
    assert.equal(
      parseFromPlayerMessage({ type: 'progress', readingId: 2, currentTime: 1, bufferedTime: 4, bufferedStart: 5 }),
      undefined,
      'start after end',
    );
    assert.equal(parseFromPlayerMessage({ type: 'ready' }), undefined);
    assert.equal(parseFromPlayerMessage({ type: 'playing' }), undefined);
    assert.equal(parseFromPlayerMessage({ type: 'runCommand', command: 'workbench.action.quit' }), undefined);
    const long = parseFromPlayerMessage({ type: 'error', readingId: 1, message: 'x'.repeat(10_000) });
    assert.equal(long?.type === 'error' && long.message.length, 2000);
  });
});
