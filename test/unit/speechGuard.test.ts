// The speech path against a service that sends garbage, too much, too slowly, or refuses mid-reading.
// Every test runs against the local Edge protocol server; the suite's hooks fail a test that leaves a
// socket open or lets an exception or rejection go unhandled.
import * as assert from 'node:assert/strict';
import { requestSpeech } from '../../src/speech/edgeRequest';
import { isSpeechError, type SpeechError } from '../../src/speech/speechError';
import { INBOX_HIGH_WATER_BYTES, MAX_MESSAGE_BYTES } from '../../src/speech/speechPolicy';
import { synthesizeSpeech, type SpeechEvent, type SynthesisOptions } from '../../src/speech/synthesizeSpeech';
import type { VoiceStore } from '../../src/voices/voiceCache';
import { voiceFallbackResolver } from '../../src/voices/voiceFallback';
import type { FakeEdgeFault, FakeEdgeOptions } from '../fake-edge/server';
import { useLocalEdgeServer } from './localEdgeServer';

const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };

const SEGMENTS = [
  { text: 'Reading aloud is a way to hear what you wrote, and to catch what silent reading misses.' },
  { text: 'Streaming lets the first words play while the rest is still being made by the service.' },
  { text: 'When the service sends something strange, the reader drops it and keeps going.' },
];
const WORDS = wordsOf(SEGMENTS);

interface Run {
  readonly events: SpeechEvent[];
  readonly error: SpeechError | undefined;
  readonly logLines: string[];
}

async function run(options: Partial<SynthesisOptions> = {}, segments = SEGMENTS): Promise<Run> {
  const events: SpeechEvent[] = [];
  const logLines: string[] = [];
  let error: SpeechError | undefined;
  try {
    for await (const event of synthesizeSpeech(segments, {
      voice,
      signal: new AbortController().signal,
      connectTimeoutMs: 2000,
      idleTimeoutMs: 2000,
      retryDelayMs: 20,
      wordBoundaries: true,
      log: (line) => logLines.push(line),
      ...options,
    })) {
      events.push(event);
    }
  } catch (caught) {
    assert.ok(isSpeechError(caught), `expected a SpeechError, got ${String(caught)}`);
    error = caught;
  }
  return { events, error, logLines };
}

function posted(events: readonly SpeechEvent[]): Buffer {
  return Buffer.concat(events.flatMap((e) => (e.kind === 'audio' ? [e.chunk] : [])));
}

function kinds(events: readonly SpeechEvent[], kind: SpeechEvent['kind']): SpeechEvent[] {
  return events.filter((e) => e.kind === kind);
}

/** Words of the text missing from the words reported, in order (one said twice at a resume is fine). */
function wordsLost(events: readonly SpeechEvent[], words: readonly string[] = WORDS): number {
  const spoken = events.flatMap((e) => (e.kind === 'word' ? [e.text] : []));
  let at = 0;
  let lost = 0;
  for (const word of words) {
    const found = spoken.indexOf(word, at);
    if (found < 0) lost++;
    else at = found + 1;
  }
  return lost;
}

describe('guarded speech against a misbehaving service', function () {
  this.timeout(30_000);
  const edge = useLocalEdgeServer({ firstAudioDelayMs: 40, speedFactor: 20 });

  /** Everything the server sent as valid audio, in order: what must be posted, byte for byte. */
  function validAudio(): Buffer {
    return Buffer.concat(edge.server.requests.flatMap((r) => r.audioPayloads));
  }

  describe('garbage between the real messages is dropped, and the reading goes on without a retry or a gap', () => {
    const garbageFaults: readonly FakeEdgeFault[] = ['foreignFrames', 'shortFrames', 'headerPastEnd', 'badHeaders', 'oneMalformedFrame'];
    for (const fault of garbageFaults) {
      it(fault, async () => {
        edge.server.setOptions({ fault });
        const { events, error, logLines } = await run();
        assert.equal(error, undefined);
        const garbage = edge.server.requests.reduce((n, r) => n + r.garbageSent, 0);
        assert.ok(garbage > 0, 'the server did send garbage');
        assert.equal(kinds(events, 'retry').length, 0, 'no stall, no drop: nothing was retried');
        assert.equal(edge.server.requests.length, SEGMENTS.length, 'one request per segment');
        assert.ok(posted(events).equals(validAudio()), 'the posted audio is byte for byte the valid payloads');
        assert.equal(wordsLost(events), 0);
        assert.match(logLines.join('\n'), /message(s)? from the service dropped/);
        assert.doesNotMatch(logLines.join('\n'), /Reading aloud|Streaming|strange/, 'no text in the log');
      });
    }

    it('fuzz: 1,000 random or mutated messages per request, interleaved with the real ones (two seeds)', async () => {
      for (const fuzzSeed of [1, 99]) {
        edge.server.reset();
        edge.server.setOptions({ fault: 'fuzz', fuzzSeed, fuzzMessagesPerRequest: 1000 });
        const { events, error } = await run({}, SEGMENTS.slice(0, 2));
        assert.equal(error, undefined, `seed ${fuzzSeed}`);
        assert.equal(
          edge.server.requests.reduce((n, r) => n + r.garbageSent, 0),
          2000,
          `seed ${fuzzSeed}: all sent`,
        );
        assert.equal(kinds(events, 'retry').length, 0, `seed ${fuzzSeed}: nothing retried`);
        assert.ok(posted(events).equals(validAudio()), `seed ${fuzzSeed}: posted audio byte-exact`);
        await edge.server.waitForAllClosed(2000);
      }
    });

    it('the ordering of audio and words is kept: words increase in time, audio starts with an MP3 frame', async () => {
      edge.server.setOptions({ fault: 'badHeaders' });
      const { events } = await run({}, SEGMENTS.slice(0, 1));
      const words = events.flatMap((e) => (e.kind === 'word' ? [e] : []));
      for (let i = 1; i < words.length; i++) {
        assert.ok(words[i]!.startSeconds >= words[i - 1]!.startSeconds);
      }
      const audio = posted(events);
      assert.equal(audio[0], 0xff, 'MP3 frame sync, not header text');
    });
  });

  describe('bounded memory', () => {
    it('a 64 MiB message is refused before it is buffered (close 1009), and the reading resumes', async () => {
      edge.server.setOptions({ fault: 'hugeFrame', faultOnRequest: 1 });
      const before = process.memoryUsage().arrayBuffers;
      const { events, error } = await run({}, SEGMENTS.slice(0, 1));
      const grown = process.memoryUsage().arrayBuffers - before;
      assert.equal(error, undefined);
      assert.equal(edge.server.connections[0]?.closeCode, 1009, 'the client closed with "message too big"');
      const retry = kinds(events, 'retry')[0];
      assert.ok(retry?.kind === 'retry');
      assert.match(retry.error.message, new RegExp(`larger than ${MAX_MESSAGE_BYTES / 1024} KiB`));
      assert.ok(grown < 32 * 1024 * 1024, `array buffers grew by ${Math.round(grown / 1048576)} MiB`);
      assert.ok(posted(events).length > 0);
    });

    it('a consumer that stops pulling pauses the socket; the pause is not counted as idle; every byte arrives', async () => {
      edge.server.setOptions({ speedFactor: 400, firstAudioDelayMs: 0 });
      const text = 'The reader keeps a bounded queue while the player is still busy playing. '.repeat(40);
      const pauses: Array<[boolean, number]> = [];
      let bytes = 0;
      let slept = false;
      for await (const event of requestSpeech({
        ...voice,
        escapedText: text,
        signal: new AbortController().signal,
        connectTimeoutMs: 2000,
        idleTimeoutMs: 300,
        wordBoundaries: false,
        onBackpressure: (paused, queued) => pauses.push([paused, queued]),
      })) {
        if (event.kind !== 'audio') continue;
        bytes += event.bytes.length;
        if (!slept) {
          slept = true;
          // Away for longer than the idle timeout, as a session waiting for playback is.
          await new Promise((resolve) => setTimeout(resolve, 1200));
        }
      }
      assert.equal(bytes, edge.server.requests[0]?.audioBytesSent, 'every byte, no stall error');
      assert.ok(pauses.length >= 2, `paused and resumed (${JSON.stringify(pauses)})`);
      assert.equal(pauses[0]?.[0], true);
      assert.equal(pauses.at(-1)?.[0], false, 'resumed once drained');
      for (const [paused, queued] of pauses) {
        if (paused) assert.ok(queued <= INBOX_HIGH_WATER_BYTES + MAX_MESSAGE_BYTES, `queued ${queued} bytes when paused`);
      }
    });

    it('audio that never ends is cut at the request limit with a clear error; nothing past the limit is posted', async () => {
      edge.server.setOptions({ fault: 'trickle', speedFactor: 40 });
      const limit = 60_000;
      const { events, error } = await run({ limits: () => ({ maxAudioBytes: limit, maxWaitMs: 60_000 }) }, [{ text: 'Hi.' }]);
      assert.equal(error?.kind, 'overLimit');
      assert.match(error?.message ?? '', /more than 10 s of audio for 3 characters/);
      assert.ok(posted(events).length <= limit, `${posted(events).length} bytes posted`);
      assert.equal(edge.server.requests.length, 1, 'not retried');
    });

    it('a trickle that keeps the idle timeout at bay ends at the time limit', async () => {
      edge.server.setOptions({ fault: 'trickle', speedFactor: 1 });
      const { error } = await run({ limits: () => ({ maxAudioBytes: 10_000_000, maxWaitMs: 800 }) }, [{ text: 'Hi.' }]);
      assert.equal(error?.kind, 'overLimit');
      assert.match(error?.message ?? '', /kept sending for more than 0\.8 s/);
    });
  });

  describe('every byte received reaches the player, however the reading ends', () => {
    it('drops on every retry: the posted audio is exactly what was received, then the error', async () => {
      edge.server.setOptions({ fault: 'dropMidAudio' });
      const { events, error } = await run({}, SEGMENTS.slice(0, 1));
      assert.equal(error?.kind, 'interrupted');
      const received = edge.server.requests.reduce((n, r) => n + r.audioBytesSent, 0);
      assert.equal(posted(events).length, received, 'the chunker was flushed before the error');
      assert.ok(posted(events).equals(validAudio()));
    });
  });

  describe('refusals and server errors are resumed like drops', () => {
    it('403 on a later request mid-reading: fresh connection, backoff, from the last word; nothing lost', async () => {
      edge.server.setOptions({ fault: 'forbidden', faultOnRequest: 2 });
      const { events, error } = await run();
      assert.equal(error, undefined);
      const retries = kinds(events, 'retry');
      assert.equal(retries.length, 1);
      assert.equal(retries[0]?.kind === 'retry' && retries[0].error.kind, 'forbidden');
      assert.equal(edge.server.requests.length, SEGMENTS.length);
      assert.deepEqual(
        edge.server.requests.map((r) => r.text),
        SEGMENTS.map((s) => s.text),
      );
      assert.ok(posted(events).equals(validAudio()));
      assert.equal(wordsLost(events), 0);
    });

    it('403 on every connect from the third on: resumed a few times, then the message', async () => {
      edge.server.setOptions({ fault: 'forbidden', faultFromRequest: 3 });
      const { events, error } = await run();
      assert.equal(error?.kind, 'forbidden');
      assert.ok(kinds(events, 'retry').length >= 2);
      assert.ok(posted(events).equals(validAudio()), 'what came before is all posted');
    });

    const transient: ReadonlyArray<[string, FakeEdgeOptions, SpeechError['kind']]> = [
      ['HTTP 503 on the first upgrade', { fault: 'serverError', faultOnRequest: 1 }, 'unavailable'],
      ['HTTP 503 on a later upgrade', { fault: 'serverError', faultOnRequest: 2 }, 'unavailable'],
      ['close 1011 mid-audio', { fault: 'internalError', faultOnRequest: 2 }, 'unavailable'],
      ['close 1006 mid-audio', { fault: 'dropMidAudio', faultOnRequest: 2 }, 'interrupted'],
    ];
    for (const [name, options, kind] of transient) {
      it(`${name}: retried, the reading completes`, async () => {
        edge.server.setOptions(options);
        const { events, error } = await run();
        assert.equal(error, undefined);
        const retry = kinds(events, 'retry')[0];
        assert.equal(retry?.kind === 'retry' && retry.error.kind, kind);
        assert.ok(posted(events).equals(validAudio()));
        assert.equal(wordsLost(events), 0);
      });
    }

    it('HTTP 503 on every upgrade: one quiet retry, then a message that names no server text', async () => {
      edge.server.setOptions({ fault: 'serverError' });
      const { error } = await run({}, SEGMENTS.slice(0, 1));
      assert.equal(error?.kind, 'unavailable');
      assert.match(error?.message ?? '', /HTTP 503/);
      assert.equal(edge.server.rejectedUpgrades.length, 2);
    });
  });

  describe('a voice the service does not offer', () => {
    function memoryStore(): VoiceStore & { data: Map<string, unknown> } {
      const data = new Map<string, unknown>();
      return {
        data,
        get: <T>(key: string) => data.get(key) as T | undefined,
        update: (key, value) => Promise.resolve(void data.set(key, value)),
      };
    }

    it("falls back to the language's default voice from a refreshed voice list, once, and reads on", async () => {
      const store = memoryStore();
      const { events, error } = await run(
        {
          voice: { ...voice, voice: 'en-US-RetiredNeural' },
          voiceFallback: voiceFallbackResolver({ store, voicesUrl: () => edge.server.voicesUrl }),
        },
        SEGMENTS.slice(0, 2),
      );
      assert.equal(error, undefined);
      const fallbacks = kinds(events, 'voiceFallback');
      assert.deepEqual(fallbacks, [{ kind: 'voiceFallback', from: 'en-US-RetiredNeural', to: 'en-US-AndrewNeural' }]);
      assert.equal(edge.server.voiceListRequests.length, 1, 'the voice list was fetched again');
      assert.ok(store.data.has('readAloud.voiceList'), 'and cached');
      assert.deepEqual(
        edge.server.requests.map((r) => [r.voice, r.text]),
        [
          ['en-US-RetiredNeural', SEGMENTS[0]!.text],
          ['en-US-AndrewNeural', SEGMENTS[0]!.text],
          ['en-US-AndrewNeural', SEGMENTS[1]!.text],
        ],
      );
      assert.equal(wordsLost(events, wordsOf(SEGMENTS.slice(0, 2))), 0);
    });

    it('with no voice of that language in the list: the rejection, naming our voice and no server text', async () => {
      const store = memoryStore();
      const { error, events } = await run(
        {
          voice: { ...voice, voice: 'xx-XX-NobodyNeural' },
          voiceFallback: voiceFallbackResolver({ store, voicesUrl: () => edge.server.voicesUrl }),
        },
        SEGMENTS.slice(0, 1),
      );
      assert.equal(kinds(events, 'voiceFallback').length, 0);
      assert.equal(error?.kind, 'rejected');
      assert.equal(error?.rejectedVoice, 'xx-XX-NobodyNeural');
      assert.doesNotMatch(error?.message ?? '', /Unsupported/);
    });
  });
});

function wordsOf(segments: readonly { text: string }[]): string[] {
  return segments.flatMap((s) => s.text.match(/[\p{L}\p{N}']+/gu) ?? []);
}
