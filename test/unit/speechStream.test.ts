import * as assert from 'node:assert/strict';
import { setEdgeEndpoint } from '../../src/speech/edgeEndpoint';
import { localeOf, requestSpeech } from '../../src/speech/edgeRequest';
import { currentClockSkewMs, resetClockSkew } from '../../src/speech/clockSkew';
import { isSpeechError, type SpeechError } from '../../src/speech/speechError';
import { synthesizeSpeech, type SpeechEvent } from '../../src/speech/synthesizeSpeech';
import { startFakeEdgeServer, type FakeEdgeServer } from '../fake-edge/server';
import { useLocalEdgeServer } from './localEdgeServer';

const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };
const timeouts = { connectTimeoutMs: 2000, idleTimeoutMs: 2000, retryDelayMs: 20 };

const SENTENCES = [
  'Reading aloud is a way to hear what you wrote.',
  'Streaming lets the first words play while the rest is still being made.',
  'When you press stop, the sound ends at once.',
];

async function collect(events: AsyncIterable<SpeechEvent>): Promise<SpeechEvent[]> {
  const all: SpeechEvent[] = [];
  for await (const event of events) {
    all.push(event);
  }
  return all;
}

async function expectSpeechError(promise: Promise<unknown>): Promise<SpeechError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isSpeechError(error), `expected a SpeechError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the synthesis to fail');
}

function audioOf(events: readonly SpeechEvent[]): Uint8Array[] {
  return events.flatMap((event) => (event.kind === 'audio' ? [event.chunk] : []));
}

describe('speech stream against the local Edge protocol server', function () {
  this.timeout(20_000);
  const edge = useLocalEdgeServer({ firstAudioDelayMs: 80, speedFactor: 8 });

  it('yields the whole reading as 4096-byte chunks, byte for byte what the server sent, and closes every socket', async () => {
    const events = await collect(
      synthesizeSpeech(
        SENTENCES.map((text) => ({ text })),
        { voice, signal: new AbortController().signal, ...timeouts, wordBoundaries: false },
      ),
    );
    const chunks = audioOf(events);
    const sent = edge.server.connections.flatMap((c) => c.requests).reduce((n, r) => n + r.audioBytesSent, 0);
    assert.equal(
      chunks.reduce((n, c) => n + c.length, 0),
      sent,
    );
    chunks.slice(0, -1).forEach((chunk) => assert.equal(chunk.length, 4096));
    assert.ok((chunks.at(-1)?.length ?? 0) <= 4096);
    // One connection per request, sequential, all closed by us.
    assert.equal(edge.server.connections.length, SENTENCES.length);
    assert.deepEqual(
      edge.server.connections.map((c) => c.requests[0]?.text),
      SENTENCES,
    );
    assert.deepEqual(
      events.filter((e) => e.kind === 'segment').map((e) => (e.kind === 'segment' ? e.index : -1)),
      [0, 1, 2],
    );
  });

  it('sends text escaped, so markup and SSML characters are spoken, not parsed', async () => {
    const text = 'if (a < b && c > d) { say("<speak>]]>&amp;") } 🎉 שלום';
    await collect(synthesizeSpeech([{ text }], { voice, signal: new AbortController().signal, ...timeouts, wordBoundaries: false }));
    assert.equal(edge.server.connections[0]?.requests[0]?.text, text);
  });

  it('reports word boundaries with times in the reading, later segments offset by the audio before them', async () => {
    const events = await collect(
      synthesizeSpeech(
        SENTENCES.slice(0, 2).map((text) => ({ text })),
        { voice, signal: new AbortController().signal, ...timeouts, wordBoundaries: true },
      ),
    );
    const words = events.flatMap((e) => (e.kind === 'word' ? [e] : []));
    const segments = events.flatMap((e) => (e.kind === 'segment' ? [e] : []));
    assert.deepEqual(
      words.filter((w) => w.segmentIndex === 0).map((w) => w.text),
      SENTENCES[0]!.replace(/[.,]/g, '').split(' '),
    );
    const secondStart = segments[1]?.startSeconds ?? 0;
    const firstRequest = edge.server.connections[0]?.requests[0];
    assert.ok(firstRequest);
    assert.ok(Math.abs(secondStart - firstRequest.audioBytesSent / 6000) < 1e-9);
    const firstOfSecond = words.find((w) => w.segmentIndex === 1);
    assert.ok(firstOfSecond && firstOfSecond.startSeconds >= secondStart);
    for (let i = 1; i < words.length; i++) {
      assert.ok(words[i]!.startSeconds >= words[i - 1]!.startSeconds, 'word times increase');
    }
  });

  it('stops mid-stream on abort: no chunk after the abort, the generator ends, and the server sees the socket close at once', async () => {
    edge.server.setOptions({ speedFactor: 1 }); // real time, so the stream is still going when we abort
    const controller = new AbortController();
    const longText = SENTENCES.join(' ').repeat(3);
    const received: Uint8Array[] = [];
    let abortedAt = 0;
    const closed = edge.server.nextClose(5000);
    for await (const event of synthesizeSpeech([{ text: longText }], {
      voice,
      signal: controller.signal,
      ...timeouts,
      wordBoundaries: false,
    })) {
      assert.equal(abortedAt, 0, 'no event may arrive after the abort');
      if (event.kind === 'audio') {
        received.push(event.chunk);
        if (received.length === 2) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    }
    const { at, connection } = await closed;
    assert.equal(received.length, 2);
    // Prompt, not after the seconds of audio still to come (the latency itself: `npm run bench`).
    assert.ok(at - abortedAt < 1000, `socket closed ${Math.round(at - abortedAt)} ms after abort`);
    assert.equal(connection.closedBy, 'client');
    const request = connection.requests[0];
    assert.ok(request && request.turnEndAt === undefined, 'the server had not finished: the abort was mid-stream');
  });

  it('cancels cleanly while still connecting', async () => {
    edge.server.setOptions({ firstAudioDelayMs: 500 });
    const controller = new AbortController();
    const generator = synthesizeSpeech([{ text: 'Hello there.' }], {
      voice,
      signal: controller.signal,
      ...timeouts,
      wordBoundaries: false,
    });
    const first = await generator.next(); // the segment event; the request is about to start
    assert.equal(first.value?.kind, 'segment');
    const pending = generator.next();
    setTimeout(() => controller.abort(), 5);
    const result = await pending;
    assert.equal(result.done, true);
  });

  describe('faults give a clear error and leave nothing open', () => {
    async function failure(fault: Parameters<FakeEdgeServer['setOptions']>[0]['fault']): Promise<SpeechError> {
      edge.server.setOptions({ fault });
      return expectSpeechError(
        collect(
          synthesizeSpeech([{ text: SENTENCES.join(' ') }], {
            voice,
            signal: new AbortController().signal,
            ...timeouts,
            wordBoundaries: false,
          }),
        ),
      );
    }

    it('403 on connect, the clock right: one retry on a fresh connection, then the message', async () => {
      const error = await failure('forbidden');
      // The clock check's probe handshake (ConnectionId of zeros) is refused too; it is not a try.
      const tries = edge.server.rejectedUpgrades.filter((r) => !/ConnectionId=0{32}(&|$)/.test(r.url));
      assert.equal(tries.length, 2, 'the first connect and one retry');
      assert.equal(error.kind, 'forbidden');
      assert.match(error.message, /HTTP 403/);
      assert.match(error.message, /clock/);
    });

    it('the service rejects the voice (close 1007 with a reason)', async () => {
      const error = await expectSpeechError(
        collect(
          synthesizeSpeech([{ text: 'Hi.' }], {
            voice: { ...voice, voice: 'en-US-NoSuchNeural' },
            signal: new AbortController().signal,
            ...timeouts,
            wordBoundaries: false,
          }),
        ),
      );
      assert.equal(error.kind, 'rejected');
      assert.equal(error.rejectedVoice, 'en-US-NoSuchNeural');
      assert.match(error.message, /does not offer the voice en-US-NoSuchNeural/);
      assert.doesNotMatch(error.message, /Unsupported/, "the server's own reason is not echoed");
    });

    it('the server keeps hanging before any audio: idle timeout, one retry, then a clear error', async () => {
      edge.server.setOptions({ fault: 'hangAfterTurnStart' });
      const started = performance.now();
      const error = await expectSpeechError(
        collect(
          synthesizeSpeech([{ text: 'Hello.' }], {
            voice,
            signal: new AbortController().signal,
            ...timeouts,
            idleTimeoutMs: 300,
            maxRetries: 2,
            wordBoundaries: false,
          }),
        ),
      );
      assert.equal(error.kind, 'stalled');
      assert.match(error.message, /stopped sending audio for 0\.3 s/);
      assert.equal(edge.server.requests.length, 2, 'nothing was heard yet: one quiet retry, then the message');
      assert.ok(performance.now() - started < 6000, 'the 0.3 s idle timeout applied, not the default 8 s');
    });

    it('the connection drops mid-audio on every try: partial audio, bounded retries, then an error', async () => {
      edge.server.setOptions({ fault: 'dropMidAudio' });
      const received: SpeechEvent[] = [];
      const error = await expectSpeechError(
        (async () => {
          for await (const event of synthesizeSpeech([{ text: SENTENCES.join(' ') }], {
            voice,
            signal: new AbortController().signal,
            ...timeouts,
            wordBoundaries: false,
          })) {
            received.push(event);
          }
        })(),
      );
      assert.equal(error.kind, 'interrupted');
      assert.match(error.message, /dropped/);
      assert.ok(audioOf(received).length > 0, 'the audio before the drop was delivered');
      assert.equal(edge.server.requests.length, 4, 'once audio was heard: one try and three retries');
    });

    it('turn.end without audio, every time', async () => {
      const error = await failure('noAudio');
      assert.equal(error.kind, 'noAudio');
      assert.equal(edge.server.requests.length, 2, 'one try and one retry');
    });

    it('connection refused', async () => {
      const dead = await startFakeEdgeServer();
      const url = dead.wsUrl;
      await dead.close();
      setEdgeEndpoint({ speechUrl: url, voicesUrl: edge.server.voicesUrl });
      try {
        const error = await expectSpeechError(
          collect(synthesizeSpeech([{ text: 'Hi.' }], { voice, signal: new AbortController().signal, ...timeouts, wordBoundaries: false })),
        );
        assert.equal(error.kind, 'network');
        assert.match(error.message, /Can't reach .* \(ECONNREFUSED\)/);
      } finally {
        setEdgeEndpoint({ speechUrl: edge.server.wsUrl, voicesUrl: edge.server.voicesUrl });
      }
    });
  });

  describe('recovers from transient faults', () => {
    const text = SENTENCES.join(' ');
    const words = (t: string) => t.match(/[\p{L}\p{N}']+/gu) ?? [];

    async function readThrough(fault: 'dropMidAudio' | 'noAudio' | 'hangAfterTurnStart'): Promise<SpeechEvent[]> {
      edge.server.setOptions({ fault, faultOnRequest: 1 });
      return collect(
        synthesizeSpeech([{ text }], {
          voice,
          signal: new AbortController().signal,
          ...timeouts,
          idleTimeoutMs: 400,
          wordBoundaries: true,
        }),
      );
    }

    it('a drop mid-audio resumes from the last word received: no word lost, at most one repeated', async () => {
      const events = await readThrough('dropMidAudio');
      const retry = events.find((e) => e.kind === 'retry');
      assert.ok(retry && retry.kind === 'retry');
      assert.equal(retry.error.kind, 'interrupted');
      const [first, second] = edge.server.requests;
      assert.ok(first && second);
      assert.equal(second.text, text.slice(retry.textStart), 'the second request starts at the resume point');
      assert.ok(retry.textStart > 0, 'not from the start');
      const heardBeforeDrop = events.slice(0, events.indexOf(retry)).flatMap((e) => (e.kind === 'word' ? [e] : []));
      const lastHeard = heardBeforeDrop.at(-1);
      assert.ok(lastHeard);
      assert.equal(retry.textStart, lastHeard.textStart, 'resumed at the last word reported');
      // Every word of the text is reported, in order; only the word cut by the drop is said twice.
      const reported = events.flatMap((e) => (e.kind === 'word' ? [text.slice(e.textStart, e.textEnd)] : []));
      const deduped = reported.filter((w, i) => !(i > 0 && reported[i - 1] === w && i === heardBeforeDrop.length));
      assert.deepEqual(deduped, words(text));
      // The audio of both tries arrives as one stream, in 4096-byte chunks.
      const sent = first.audioBytesSent + second.audioBytesSent;
      assert.equal(
        audioOf(events).reduce((n, c) => n + c.length, 0),
        sent,
      );
    });

    it('turn.end without audio is retried from the start of the segment', async () => {
      const events = await readThrough('noAudio');
      assert.equal(edge.server.requests.length, 2);
      assert.equal(edge.server.requests[1]?.text, text);
      assert.ok(audioOf(events).length > 0);
    });

    it('a hang is cut by the idle timeout and resumed', async () => {
      const events = await readThrough('hangAfterTurnStart');
      const retry = events.find((e) => e.kind === 'retry');
      assert.equal(retry?.kind === 'retry' && retry.error.kind, 'stalled');
      assert.equal(edge.server.requests.length, 2);
      assert.ok(audioOf(events).length > 0);
    });

    it('a 403 from a skewed clock is corrected from the server Date and retried once', async () => {
      edge.server.setOptions({ clockOffsetMs: 10 * 60_000 });
      try {
        const events = await collect(
          synthesizeSpeech([{ text: 'Hello.' }], { voice, signal: new AbortController().signal, ...timeouts, wordBoundaries: false }),
        );
        assert.ok(audioOf(events).length > 0);
        assert.ok(Math.abs(currentClockSkewMs() - 10 * 60_000) < 5000, `measured skew ${currentClockSkewMs()} ms`);
        assert.ok(edge.server.rejectedUpgrades.length >= 1, 'the first handshake was refused');
      } finally {
        edge.server.setOptions({ clockOffsetMs: 0 });
        resetClockSkew();
      }
    });
  });

  it('requestSpeech alone: one request, audio then end', async () => {
    let bytes = 0;
    for await (const event of requestSpeech({
      ...voice,
      escapedText: 'One request.',
      signal: new AbortController().signal,
      ...timeouts,
      wordBoundaries: false,
    })) {
      if (event.kind === 'audio') {
        bytes += event.bytes.length;
      }
    }
    // By request, not by connection: an earlier test's cancelled connect can still reach the server late.
    assert.equal(edge.server.requests.length, 1);
    assert.equal(bytes, edge.server.requests[0]?.audioBytesSent);
  });

  it('passes the locale explicitly (msedge-tts guesses "il-PH" for fil-PH voices)', () => {
    assert.equal(localeOf('fil-PH-BlessicaNeural'), 'fil-PH');
    assert.equal(localeOf('iu-Cans-CA-SiqiniqNeural'), 'iu-Cans-CA');
    assert.equal(localeOf('en-US-AvaNeural'), 'en-US');
    assert.equal(localeOf('Microsoft Server Speech Text to Speech Voice (de-DE, KatjaNeural)'), 'de-DE');
  });
});
