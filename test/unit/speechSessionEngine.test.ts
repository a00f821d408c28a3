import * as assert from 'node:assert/strict';
import type { EngineEvent, SpeechEngine } from '../../src/engines/speechEngine';
import { pcmFormat } from '../../src/engines/speechEngine';
import { SpeechSession, type PlayerChannel } from '../../src/session/SpeechSession';
import type { FromPlayerMessage, ToPlayerMessage } from '../../src/shared/protocol';
import { SpeechError } from '../../src/speech/speechError';

/** An engine that says what it is told to, for the session's side of the interface. */
function scriptedEngine(events: EngineEvent[], failWith?: SpeechError): SpeechEngine & { aborted: boolean } {
  const engine = {
    id: 'system' as const,
    audio: pcmFormat(22050),
    aborted: false,
    // eslint-disable-next-line @typescript-eslint/require-await -- SpeechEngine.speak returns an AsyncIterable; the script has nothing to wait for
    async *speak(_segments: unknown, signal: AbortSignal): AsyncGenerator<EngineEvent> {
      signal.addEventListener('abort', () => (engine.aborted = true));
      for (const event of events) {
        yield event;
      }
      if (failWith) {
        throw failWith;
      }
    },
  };
  return engine;
}

class Player implements PlayerChannel {
  readonly posted: ToPlayerMessage[] = [];
  listener: ((message: FromPlayerMessage) => void) | undefined;
  post(message: ToPlayerMessage): void {
    this.posted.push(message);
  }
  onMessage(listener: (message: FromPlayerMessage) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
}

const SYNTHESIS = {
  voice: { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' },
  connectTimeoutMs: 1,
  idleTimeoutMs: 1,
  wordBoundaries: false,
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SpeechSession with a SpeechEngine', () => {
  it('a PCM engine: start says pcm and its rate, sentences reach the hook, chunks and end follow', async () => {
    const chunk = new Uint8Array(44100); // one second at 22.05 kHz, 16-bit
    const engine = scriptedEngine([
      { kind: 'segment', index: 0, startSeconds: 0 },
      { kind: 'sentence', segmentIndex: 0, textStart: 0, textEnd: 5, startSeconds: 0 },
      { kind: 'audio', chunk },
      { kind: 'sentence', segmentIndex: 0, textStart: 6, textEnd: 12, startSeconds: 1 },
      { kind: 'audio', chunk },
    ]);
    const player = new Player();
    const sentences: number[] = [];
    const session = new SpeechSession(
      5,
      player,
      { segments: [{ text: 'Hello world.' }], synthesis: SYNTHESIS, engine, playbackRate: 1, aheadLimitSeconds: 60 },
      {
        onSentence: (s) => sentences.push(s.textStart),
      },
    );
    session.start();
    await settle();
    assert.deepEqual(
      player.posted.map((m) => m.type),
      ['start', 'chunk', 'chunk', 'end'],
    );
    assert.deepEqual(player.posted[0], { type: 'start', readingId: 5, playbackRate: 1, pcm: { sampleRate: 22050 } });
    assert.deepEqual(sentences, [0, 6]);
    player.listener?.({ type: 'ended', readingId: 5 });
    assert.deepEqual(await session.outcome, { kind: 'finished' });
  });

  it("look-ahead is counted in the engine's own bytes per second", async () => {
    const second = new Uint8Array(44100);
    const engine = scriptedEngine([
      { kind: 'audio', chunk: second },
      { kind: 'audio', chunk: second },
      { kind: 'audio', chunk: second },
    ]);
    const player = new Player();
    const session = new SpeechSession(6, player, {
      segments: [{ text: 'x' }],
      synthesis: SYNTHESIS,
      engine,
      playbackRate: 1,
      aheadLimitSeconds: 2,
    });
    session.start();
    await settle();
    // Two seconds sent: the third waits for playback to move on.
    assert.equal(player.posted.filter((m) => m.type === 'chunk').length, 2);
    player.listener?.({ type: 'progress', bufferedStart: 0, readingId: 6, currentTime: 1.5, bufferedTime: 2 });
    await settle();
    assert.equal(player.posted.filter((m) => m.type === 'chunk').length, 3);
    session.stop();
  });

  it('stopping from the error hook (a fallback) leaves the session stopped, not failed', async () => {
    const engine = scriptedEngine([], new SpeechError('network', "Can't reach"));
    const player = new Player();
    const states: string[] = [];
    const session: SpeechSession = new SpeechSession(
      7,
      player,
      { segments: [{ text: 'x' }], synthesis: SYNTHESIS, engine, playbackRate: 1, aheadLimitSeconds: 60 },
      {
        onError: () => session.stop(),
        onStateChange: (state) => states.push(state),
      },
    );
    session.start();
    assert.deepEqual(await session.outcome, { kind: 'stopped' });
    await settle();
    assert.deepEqual(states, ['stopped']);
    assert.ok(engine.aborted);
  });
});
