import * as assert from 'node:assert/strict';
import { SpeechSession, type PlayerChannel, type SessionPlan, type SessionState } from '../../src/session/SpeechSession';
import type { FromPlayerMessage, ToPlayerMessage } from '../../src/shared/protocol';
import { useLocalEdgeServer } from './localEdgeServer';

/** Stands in for the webview: records what the session posts and lets the test answer as the player would. */
class RecordingPlayer implements PlayerChannel {
  readonly posted: ToPlayerMessage[] = [];
  private listener: ((message: FromPlayerMessage) => void) | undefined;
  private waiters: Array<{ test: (m: ToPlayerMessage) => boolean; resolve: (m: ToPlayerMessage) => void }> = [];

  post(message: ToPlayerMessage): void {
    this.posted.push(message);
    this.waiters = this.waiters.filter((w) => {
      if (w.test(message)) {
        w.resolve(message);
        return false;
      }
      return true;
    });
  }

  onMessage(listener: (message: FromPlayerMessage) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }

  say(message: FromPlayerMessage): void {
    this.listener?.(message);
  }

  next(test: (m: ToPlayerMessage) => boolean, timeoutMs = 5000): Promise<ToPlayerMessage> {
    const found = this.posted.find(test);
    if (found) {
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a player message')), timeoutMs);
      this.waiters.push({
        test,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  chunks(): Extract<ToPlayerMessage, { type: 'chunk' }>[] {
    return this.posted.flatMap((m) => (m.type === 'chunk' ? [m] : []));
  }
}

const TEXT = 'Reading aloud is a way to hear what you wrote. Streaming lets the first words play at once.';

function plan(overrides: Partial<SessionPlan> = {}): SessionPlan {
  return {
    segments: [{ text: TEXT }, { text: 'And a second request follows without a gap.' }],
    synthesis: {
      voice: { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' },
      connectTimeoutMs: 2000,
      idleTimeoutMs: 2000,
      wordBoundaries: false,
    },
    playbackRate: 1,
    aheadLimitSeconds: 60,
    ...overrides,
  };
}

describe('SpeechSession', function () {
  this.timeout(20_000);
  const edge = useLocalEdgeServer({ firstAudioDelayMs: 50, speedFactor: 10 });

  it('posts start, then every chunk in order, then end; finishes when the player says ended', async () => {
    const player = new RecordingPlayer();
    const states: SessionState[] = [];
    const session = new SpeechSession(7, player, plan(), { onStateChange: (s) => states.push(s) });
    session.start();
    await player.next((m) => m.type === 'end');
    assert.deepEqual(player.posted[0], { type: 'start', readingId: 7, playbackRate: 1 });
    const chunks = player.chunks();
    assert.deepEqual(
      chunks.map((c) => c.seq),
      chunks.map((_, i) => i),
    );
    assert.ok(chunks.every((c) => c.readingId === 7));
    assert.ok(chunks.slice(0, -1).every((c) => c.data.byteLength === 4096));
    const total = chunks.reduce((n, c) => n + c.data.byteLength, 0);
    assert.equal(
      total,
      edge.server.connections.flatMap((c) => c.requests).reduce((n, r) => n + r.audioBytesSent, 0),
    );
    player.say({ type: 'playing', readingId: 7 });
    player.say({ type: 'ended', readingId: 7 });
    assert.deepEqual(await session.outcome, { kind: 'finished' });
    assert.deepEqual(states, ['playing', 'finished']);
  });

  it('stop: tells the player at once, closes the socket, and never posts another chunk', async () => {
    edge.server.setOptions({ speedFactor: 1 });
    const player = new RecordingPlayer();
    const session = new SpeechSession(8, player, plan());
    const closed = edge.server.nextClose(5000);
    session.start();
    await player.next((m) => m.type === 'chunk');
    const stoppedAt = performance.now();
    session.stop();
    const countAtStop = player.chunks().length;
    assert.deepEqual(player.posted.at(-1), { type: 'stop', readingId: 8 });
    const { at } = await closed;
    // Prompt, not after the seconds of audio still to come (the latency itself: `npm run bench`).
    assert.ok(at - stoppedAt < 1000, `socket closed ${Math.round(at - stoppedAt)} ms after stop`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(player.chunks().length, countAtStop, 'no chunk after stop');
    assert.ok(!player.posted.some((m) => m.type === 'end'));
    assert.deepEqual(await session.outcome, { kind: 'stopped' });
  });

  it('runs at most the ahead limit in front of playback, and continues as playback advances', async () => {
    const player = new RecordingPlayer();
    const long = { text: `${TEXT} `.repeat(6).trim() }; // ≈ 36 s of audio at the server's pace
    const session = new SpeechSession(9, player, plan({ segments: [long], aheadLimitSeconds: 2 }));
    try {
      session.start();
      await player.next((m) => m.type === 'chunk');
      await new Promise((r) => setTimeout(r, 500));
      const heldBytes = player.chunks().reduce((n, c) => n + c.data.byteLength, 0);
      assert.ok(heldBytes / 6000 <= 2 + 4096 / 6000, `${heldBytes / 6000} s posted while playback had not moved`);
      player.say({ type: 'progress', readingId: 9, currentTime: 1000, bufferedTime: heldBytes / 6000, bufferedStart: 0 });
      await player.next((m) => m.type === 'end');
      assert.ok(player.chunks().length * 4096 > heldBytes);
    } finally {
      session.stop();
    }
  });

  it('a failure before any audio stops the reading with the clear error', async () => {
    edge.server.setOptions({ fault: 'forbidden' });
    const player = new RecordingPlayer();
    const errors: string[] = [];
    const session = new SpeechSession(10, player, plan(), { onError: (e) => errors.push(e.kind) });
    session.start();
    const outcome = await session.outcome;
    assert.equal(outcome.kind, 'failed');
    assert.equal(outcome.kind === 'failed' && outcome.error.kind, 'forbidden');
    assert.deepEqual(errors, ['forbidden']);
    assert.equal(player.chunks().length, 0);
  });

  it('a drop mid-stream lets the received audio play out, then reports the failure', async () => {
    edge.server.setOptions({ fault: 'dropMidAudio' });
    const player = new RecordingPlayer();
    const errors: string[] = [];
    const session = new SpeechSession(11, player, plan(), { onError: (e) => errors.push(e.kind) });
    session.start();
    await player.next((m) => m.type === 'end');
    assert.deepEqual(errors, ['interrupted']);
    assert.ok(player.chunks().length > 0);
    // Every byte received reaches the player before the end, the last partial chunk included.
    const posted = Buffer.concat(player.chunks().map((c) => new Uint8Array(c.data)));
    const received = Buffer.concat(edge.server.requests.flatMap((r) => r.audioPayloads));
    assert.ok(posted.equals(received), `posted ${posted.length} bytes, received ${received.length}`);
    assert.ok(player.chunks().at(-1)!.data.byteLength < 4096, 'the remainder was flushed as a short last chunk');
    player.say({ type: 'ended', readingId: 11 });
    assert.equal((await session.outcome).kind, 'failed');
  });

  it('garbage from the service never reaches the player: the chunks are exactly the valid audio', async () => {
    edge.server.setOptions({ fault: 'fuzz', fuzzMessagesPerRequest: 300 });
    const player = new RecordingPlayer();
    const session = new SpeechSession(12, player, plan());
    session.start();
    await player.next((m) => m.type === 'end');
    const posted = Buffer.concat(player.chunks().map((c) => new Uint8Array(c.data)));
    const valid = Buffer.concat(edge.server.requests.flatMap((r) => r.audioPayloads));
    assert.ok(posted.equals(valid));
    assert.equal(edge.server.requests.length, 2, 'no request was repeated');
    player.say({ type: 'ended', readingId: 12 });
    assert.equal((await session.outcome).kind, 'finished');
  });

  it('a voice the service does not offer: the fallback is reported to the hook once, and the reading finishes', async () => {
    const player = new RecordingPlayer();
    const fallbacks: string[] = [];
    const base = plan();
    const session = new SpeechSession(
      13,
      player,
      plan({
        synthesis: {
          ...base.synthesis,
          voice: { ...base.synthesis.voice, voice: 'en-US-GoneNeural' },
          voiceFallback: () => Promise.resolve('en-US-AvaNeural'),
        },
      }),
      { onVoiceFallback: ({ from, to }) => fallbacks.push(`${from} -> ${to}`) },
    );
    session.start();
    await player.next((m) => m.type === 'end');
    assert.deepEqual(fallbacks, ['en-US-GoneNeural -> en-US-AvaNeural']);
    assert.deepEqual(
      edge.server.requests.map((r) => r.voice),
      ['en-US-GoneNeural', 'en-US-AvaNeural', 'en-US-AvaNeural'],
    );
    player.say({ type: 'ended', readingId: 13 });
    assert.equal((await session.outcome).kind, 'finished');
  });

  it('read, read, stop, read within milliseconds: only the last reading is heard, and no socket is left open', async () => {
    const player = new RecordingPlayer();
    const first = new SpeechSession(20, player, plan());
    first.start();
    const second = new SpeechSession(21, player, plan());
    first.stop();
    second.start();
    await new Promise((r) => setTimeout(r, 2));
    second.stop();
    const third = new SpeechSession(22, player, plan());
    third.start();
    await player.next((m) => m.type === 'end' && m.readingId === 22);
    const stopIndex = (id: number) => player.posted.findIndex((m) => m.type === 'stop' && m.readingId === id);
    for (const id of [20, 21]) {
      const after = player.posted.slice(stopIndex(id) + 1).filter((m) => 'readingId' in m && m.readingId === id);
      assert.deepEqual(after, [], `nothing of reading ${id} after its stop`);
    }
    assert.ok(player.chunks().filter((c) => c.readingId === 22).length > 0);
    assert.deepEqual(await first.outcome, { kind: 'stopped' });
    assert.deepEqual(await second.outcome, { kind: 'stopped' });
    third.stop();
    await edge.server.waitForAllClosed(2000);
    assert.equal(edge.server.openSocketCount(), 0);
  });

  it('a 10 MB selection starts at once and only synthesizes a bounded window ahead', async () => {
    const { planReading } = await import('../../src/reading/readingPlan');
    const huge = `${TEXT}\n\n`.repeat(Math.ceil((10 * 2 ** 20) / (TEXT.length + 2)));
    const planned = planReading([{ text: huge, offset: 0 }]);
    assert.ok(planned.segments.length > 2000);
    const player = new RecordingPlayer();
    const session = new SpeechSession(30, player, plan({ segments: planned.segments, aheadLimitSeconds: 20 }));
    try {
      session.start();
      await player.next((m) => m.type === 'chunk');
      await new Promise((r) => setTimeout(r, 1500));
      const postedSeconds = player.chunks().reduce((n, c) => n + c.data.byteLength, 0) / 6000;
      assert.ok(postedSeconds <= 21, `${postedSeconds} s posted with playback at 0`);
      assert.ok(edge.server.requests.length <= 5, `${edge.server.requests.length} requests made for a 20 s window`);
    } finally {
      session.stop();
    }
  });

  it('ignores player messages about other readings', async () => {
    const player = new RecordingPlayer();
    const session = new SpeechSession(12, player, plan());
    session.start();
    await player.next((m) => m.type === 'end');
    player.say({ type: 'ended', readingId: 99 });
    player.say({ type: 'stopRequested', readingId: 99 });
    assert.equal(session.currentState, 'starting');
    player.say({ type: 'stopRequested', readingId: 12 });
    assert.deepEqual(await session.outcome, { kind: 'stopped' });
  });
});
