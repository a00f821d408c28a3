import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { EngineEvent } from '../../src/engines/speechEngine';
import { espeakBackend } from '../../src/engines/system/espeakEngine';
import { runningSpeechProcessIds } from '../../src/engines/system/spawnSpeech';
import type { SystemSpeechBackend } from '../../src/engines/system/systemBackend';
import { systemEngine } from '../../src/engines/system/systemEngine';
import { planReading } from '../../src/reading/readingPlan';
import { isSpeechError } from '../../src/speech/speechError';

const SETTINGS = { voice: undefined, speed: 1, pitchHz: 0, volumePercent: 100 };

/** Speech processes that are children of this test process (zombies included): none may remain. */
function espeakChildren(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
        const ppid = Number(rest.split(' ')[1]);
        return ppid === process.pid && comm.startsWith('espeak') ? [Number(pid)] : [];
      } catch {
        return []; // exited while we looked
      }
    });
}

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) {
    all.push(event);
  }
  return all;
}

function pcmOf(events: EngineEvent[]): Int16Array {
  const chunks = events.flatMap((e) => (e.kind === 'audio' ? [e.chunk] : []));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new Int16Array(bytes.buffer, 0, bytes.length / 2);
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

describe('System engine with the real espeak-ng', function () {
  this.timeout(30_000);

  afterEach(() => {
    assert.deepEqual(runningSpeechProcessIds(), [], 'a speech process outlived its reading');
    assert.deepEqual(espeakChildren(), [], 'an espeak-ng process is still around');
  });

  it('speaks each sentence as non-silent 16-bit PCM, with sentence positions in order', async () => {
    const engine = systemEngine(espeakBackend, SETTINGS);
    assert.deepEqual(engine.audio, { encoding: 'pcm-s16le', sampleRate: 22050, bytesPerSecond: 44100 });
    const text = 'Reading aloud helps. The second sentence follows!';
    const events = await collect(engine.speak([{ text }, { text: 'A second request.' }], new AbortController().signal));
    const sentences = events.flatMap((e) => (e.kind === 'sentence' ? [e] : []));
    assert.deepEqual(
      sentences.map((s) => [s.segmentIndex, (s.segmentIndex === 0 ? text : 'A second request.').slice(s.textStart, s.textEnd)]),
      [
        [0, 'Reading aloud helps.'],
        [0, 'The second sentence follows!'],
        [1, 'A second request.'],
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.kind === 'segment').map((e) => (e as { index: number }).index),
      [0, 1],
    );
    // Each sentence starts after the previous one's audio.
    assert.ok(
      sentences[0]!.startSeconds === 0 && sentences[1]!.startSeconds > 0.5 && sentences[2]!.startSeconds > sentences[1]!.startSeconds,
    );
    for (const event of events) {
      if (event.kind === 'audio') {
        assert.ok(event.chunk.length > 0 && event.chunk.length % 2 === 0 && event.chunk.length <= 32 * 1024);
      }
    }
    const samples = pcmOf(events);
    const seconds = samples.length / 22050;
    assert.ok(seconds > 2 && seconds < 15, `${seconds} s of audio`);
    assert.ok(rms(samples) > 500, `RMS ${rms(samples)}: speech, not silence`);
  });

  it('stop kills the running espeak-ng at once and leaves nothing running', async () => {
    const engine = systemEngine(espeakBackend, SETTINGS);
    const abort = new AbortController();
    // One sentence of ~4 KB: the process is still writing when the first audio arrives.
    const long = `${'and this goes on without a stop '.repeat(120)}.`;
    let pid: number | undefined;
    let stoppedAt = 0;
    const events: EngineEvent[] = [];
    for await (const event of engine.speak([{ text: long }], abort.signal)) {
      events.push(event);
      if (event.kind === 'audio' && pid === undefined) {
        [pid] = runningSpeechProcessIds();
        assert.ok(pid !== undefined && existsSync(`/proc/${pid}`), 'espeak-ng is running');
        stoppedAt = performance.now();
        abort.abort();
      }
    }
    const latency = performance.now() - stoppedAt;
    assert.ok(pid !== undefined);
    assert.ok(!existsSync(`/proc/${pid}`), 'the killed process is gone (reaped)');
    // Generous ceiling for a busy machine; the real latency is measured in `npm run bench`.
    assert.ok(latency < 2000, `stop took ${latency} ms`);
    assert.equal(events.filter((e) => e.kind === 'audio').length, 1, 'no audio after the stop');
  });

  it('a consumer that stops pulling (return) also ends the process', async () => {
    const engine = systemEngine(espeakBackend, SETTINGS);
    const iterator = engine.speak([{ text: `${'words without end '.repeat(200)}.` }], new AbortController().signal)[Symbol.asyncIterator]();
    let result = await iterator.next();
    while (!result.done && result.value.kind !== 'audio') {
      result = await iterator.next();
    }
    assert.equal(runningSpeechProcessIds().length, 1);
    await iterator.return?.(undefined);
  });

  it('malformed text: markup, entities, control characters, emoji, lone surrogates, [[ ]]', async () => {
    const engine = systemEngine(espeakBackend, SETTINGS);
    const text = '<speak><voice name="x">Hi</voice></speak> & &amp; "quotes" \u0000\u0007\u001b[31m 😀👍🏽 \ud800 [[h@loU]] -v --stdout ok.';
    const events = await collect(engine.speak([{ text }], new AbortController().signal));
    assert.ok(rms(pcmOf(events)) > 500);
    const sentences = events.filter((e) => e.kind === 'sentence');
    assert.ok(sentences.length >= 1);
  });

  it('text with nothing to say, and a huge reading (50,000 characters) that starts at once and stops cleanly', async () => {
    const engine = systemEngine(espeakBackend, SETTINGS);
    const quiet = await collect(engine.speak([{ text: '   ' }], new AbortController().signal));
    assert.equal(quiet.filter((e) => e.kind === 'audio').length, 0);

    const paragraph = 'Long documents are read sentence by sentence. Each one is spoken by its own short process. ';
    const plan = planReading([{ text: paragraph.repeat(Math.ceil(50_000 / paragraph.length)), offset: 0 }]);
    assert.ok(plan.spokenLength >= 49_000 && plan.segments.length > 10);
    const abort = new AbortController();
    let audioSeconds = 0;
    for await (const event of engine.speak(plan.segments, abort.signal)) {
      if (event.kind === 'audio') {
        audioSeconds += event.chunk.length / 44100;
        if (audioSeconds > 30) {
          abort.abort();
        }
      }
    }
    assert.ok(audioSeconds > 30);
  });

  it('a missing espeak-ng is a clear message naming the package; a bad voice reports what espeak-ng said', async () => {
    const missing: SystemSpeechBackend = {
      ...espeakBackend,
      synthesisCommand: (settings) => ({ ...espeakBackend.synthesisCommand(settings), program: 'espeak-ng-not-installed-here' }),
    };
    await assert.rejects(
      collect(systemEngine(missing, SETTINGS).speak([{ text: 'Hello.' }], new AbortController().signal)),
      (error: unknown) => {
        assert.ok(isSpeechError(error) && error.kind === 'engine');
        assert.match(error.message, /package "espeak-ng"/);
        return true;
      },
    );
    await assert.rejects(
      collect(systemEngine(espeakBackend, { ...SETTINGS, voice: 'zzz-voice' }).speak([{ text: 'Hello.' }], new AbortController().signal)),
      /espeak-ng\) failed \(exit code 1\): Error: The specified espeak-ng voice does not exist/,
    );
  });
});
