// The fault matrix: for each way the service fails, what the reader does about it, how long it costs,
// the longest silence, whether a socket is left open, whether any word is lost, and whether any byte that
// is not the service's valid audio reaches the player. Uses the production timeouts and limits.

import { performance } from 'node:perf_hooks';
import { setEdgeEndpoint } from '../src/speech/edgeEndpoint';
import { resetClockSkew } from '../src/speech/clockSkew';
import { requestSpeech } from '../src/speech/edgeRequest';
import { isSpeechError } from '../src/speech/speechError';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  synthesizeSpeech,
  type SynthesisOptions,
} from '../src/speech/synthesizeSpeech';
import { voiceFallbackResolver } from '../src/voices/voiceFallback';
import { startFakeEdgeServer, type FakeEdgeOptions, type FakeEdgeServer } from '../test/fake-edge/server';

/** Three requests, so that a fault can hit a later one while the reading is underway. */
const SEGMENTS = [
  'Reading aloud is a way to hear what you wrote.',
  'Streaming lets the first words play while the rest is still being made.',
  'When the connection drops, the reader picks up at the last word it heard.',
].map((text) => ({ text }));
const WORDS = SEGMENTS.flatMap((s) => s.text.match(/[\p{L}\p{N}']+/gu) ?? []);
const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };

interface FaultCase {
  readonly name: string;
  readonly options: FakeEdgeOptions;
  /** Point the client at a closed port instead of the server. */
  readonly refused?: boolean;
  readonly synthesis?: Partial<SynthesisOptions>;
}

function memoryStore(): { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void> } {
  const data = new Map<string, unknown>();
  return { get: <T>(key: string) => data.get(key) as T | undefined, update: (key, value) => Promise.resolve(void data.set(key, value)) };
}

const CASES: readonly FaultCase[] = [
  { name: 'none (baseline)', options: {} },
  { name: 'drop mid-audio, 1006 (once)', options: { fault: 'dropMidAudio', faultOnRequest: 2 } },
  { name: 'close 1011 mid-audio (once)', options: { fault: 'internalError', faultOnRequest: 2 } },
  { name: 'turn.end with no audio (once)', options: { fault: 'noAudio', faultOnRequest: 1 } },
  { name: 'hang after turn.start (once)', options: { fault: 'hangAfterTurnStart', faultOnRequest: 1 } },
  { name: '403, client clock 10 min slow', options: { clockOffsetMs: 10 * 60_000 } },
  { name: '403 on a later request', options: { fault: 'forbidden', faultOnRequest: 2 } },
  { name: '403 on the first connect (once)', options: { fault: 'forbidden', faultOnRequest: 1 } },
  { name: 'HTTP 503 on upgrade (once)', options: { fault: 'serverError', faultOnRequest: 2 } },
  { name: 'foreign X-RequestId frames', options: { fault: 'foreignFrames' } },
  { name: 'headerless / 1-byte frames', options: { fault: 'shortFrames' } },
  { name: 'header length past the frame', options: { fault: 'headerPastEnd' } },
  { name: 'no Path:audio / cut headers', options: { fault: 'badHeaders' } },
  { name: 'fuzz: 1,000 msgs per request', options: { fault: 'fuzz', fuzzMessagesPerRequest: 1000 } },
  { name: '64 MiB frame (once)', options: { fault: 'hugeFrame', faultOnRequest: 1 } },
  {
    name: 'unknown voice',
    options: {},
    synthesis: { voice: { ...voice, voice: 'en-US-RetiredNeural' } },
  },
  { name: 'never-ending trickle', options: { fault: 'trickle' } },
  { name: 'drop mid-audio (every time)', options: { fault: 'dropMidAudio' } },
  { name: '403 (every time)', options: { fault: 'forbidden' } },
  { name: 'HTTP 503 (every time)', options: { fault: 'serverError' } },
  { name: 'connection refused', options: {}, refused: true },
];

const fmtMs = (ms: number): string => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);

export async function faultMatrix(): Promise<void> {
  const server = await startFakeEdgeServer({ firstAudioDelayMs: 300, speedFactor: 10 });
  const closed = await startFakeEdgeServer();
  const deadUrl = closed.wsUrl;
  await closed.close();
  console.log(
    `\nFault matrix (production timeouts: connect ${DEFAULT_CONNECT_TIMEOUT_MS / 1000} s, idle ${DEFAULT_IDLE_TIMEOUT_MS / 1000} s; production limits)`,
  );
  console.log('  time: for a reading that goes on, how much longer it took than the baseline; otherwise, time to the message');
  console.log('  silence: the longest wait between two pieces of audio (the first wait included)');
  console.log('  garbage: bytes posted that are not the valid audio payloads the server sent');
  console.log(
    `  ${'fault'.padEnd(32)} ${'what the user gets'.padEnd(46)} ${'time'.padStart(9)} ${'silence'.padStart(9)}  sockets  words lost  garbage  peak RSS`,
  );
  let baselineMs = 0;
  try {
    for (const c of CASES) {
      const elapsed = await runCase(server, c, deadUrl, baselineMs);
      if (c.name.startsWith('none')) baselineMs = elapsed;
    }
    await stopWithoutCloseAnswer(server);
    await fastServerSlowConsumer(server);
  } finally {
    resetClockSkew();
    await server.close();
  }
}

async function runCase(server: FakeEdgeServer, c: FaultCase, deadUrl: string, baselineMs: number): Promise<number> {
  server.setOptions({ fault: 'none', faultOnRequest: undefined, faultFromRequest: undefined, clockOffsetMs: 0, ...c.options });
  server.reset();
  resetClockSkew();
  setEdgeEndpoint({ speechUrl: c.refused ? deadUrl : server.wsUrl, voicesUrl: server.voicesUrl });
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let lastAudioAt = started;
  let longestSilenceMs = 0;
  const spoken: string[] = [];
  const posted: Uint8Array[] = [];
  let outcome: string;
  let time: number;
  let elapsed: number;
  let fellBack = '';
  let retries = 0;
  try {
    for await (const event of synthesizeSpeech(SEGMENTS, {
      voice,
      signal: new AbortController().signal,
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      wordBoundaries: true,
      voiceFallback: voiceFallbackResolver({ store: memoryStore(), voicesUrl: () => server.voicesUrl }),
      ...c.synthesis,
    })) {
      if (event.kind === 'audio') {
        const now = performance.now();
        longestSilenceMs = Math.max(longestSilenceMs, now - lastAudioAt);
        lastAudioAt = now;
        posted.push(event.chunk);
      } else if (event.kind === 'word') {
        spoken.push(SEGMENTS[event.segmentIndex]!.text.slice(event.textStart, event.textEnd));
      } else if (event.kind === 'retry') {
        retries++;
      } else if (event.kind === 'voiceFallback') {
        fellBack = ` in ${event.to.replace(/Neural$/, '')}`;
      }
    }
    const refusedHandshakes = server.rejectedUpgrades.length;
    outcome = fellBack
      ? `reads on${fellBack}`
      : retries > 0
        ? `reads on; resumed ${retries} time(s)`
        : refusedHandshakes > 0
          ? `reads on after ${refusedHandshakes} refused handshake(s)`
          : 'reads on';
    elapsed = performance.now() - started;
    time = Math.max(0, elapsed - baselineMs);
  } catch (error) {
    outcome = isSpeechError(error) ? `message: ${error.message.slice(0, 38)}…` : `crash: ${String(error)}`;
    elapsed = performance.now() - started;
    time = elapsed;
  }
  clearInterval(sampler);
  await server.waitForAllClosed(3000).catch(() => undefined);
  const lostText = outcome.startsWith('reads on') ? String(countLost(spoken)) : 'n/a';
  const garbage = garbageBytes(Buffer.concat(posted), Buffer.concat(server.requests.flatMap((r) => r.audioPayloads)));
  console.log(
    `  ${c.name.padEnd(32)} ${outcome.padEnd(46)} ${(c.name.startsWith('none') ? fmtMs(elapsed) : fmtMs(time)).padStart(9)} ${fmtMs(longestSilenceMs).padStart(9)}  ${String(server.openSocketCount()).padStart(7)}  ${lostText.padStart(9)}  ${garbage.padStart(7)}  ${`${Math.round(peakRss / 1048576)} MiB`.padStart(8)}`,
  );
  return elapsed;
}

/** Bytes posted beyond the valid audio the server sent, or "differs" where the two differ. */
function garbageBytes(posted: Buffer, valid: Buffer): string {
  if (posted.equals(valid)) return '0';
  if (posted.length > valid.length) return String(posted.length - valid.length);
  return posted.equals(valid.subarray(0, posted.length)) ? '0' : 'differs';
}

/** Stop mid-reading while the server never answers our close frame: how long until the generator ends, and until the TCP goes. */
async function stopWithoutCloseAnswer(server: FakeEdgeServer): Promise<void> {
  server.setOptions({ fault: 'ignoreClose', faultOnRequest: undefined, faultFromRequest: undefined, clockOffsetMs: 0, speedFactor: 1 });
  server.reset();
  setEdgeEndpoint({ speechUrl: server.wsUrl, voicesUrl: server.voicesUrl });
  const controller = new AbortController();
  let abortedAt = 0;
  const closed = server.nextClose(10_000);
  for await (const event of synthesizeSpeech(SEGMENTS, {
    voice,
    signal: controller.signal,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
    wordBoundaries: false,
  })) {
    if (event.kind === 'audio' && abortedAt === 0) {
      abortedAt = performance.now();
      controller.abort();
    }
  }
  const generatorEnded = performance.now() - abortedAt;
  const { at, connection } = await closed;
  server.setOptions({ speedFactor: 10 });
  console.log(
    `  ${'no answer to our close (Stop)'.padEnd(32)} ${`generator ends ${fmtMs(generatorEnded)} after Stop; no sound after it`.padEnd(46)} ${fmtMs(at - abortedAt).padStart(9)} ${'—'.padStart(9)}  ${String(server.openSocketCount()).padStart(7)}  ${'n/a'.padStart(9)}  ${'0'.padStart(7)}`,
  );
  console.log(
    `    (the time is when the server saw the TCP connection go, closed by ${connection.closedBy}: we wait that long for the close handshake, then tear it down)`,
  );
}

/**
 * A fast server and a consumer that stops pulling for 4 s (a session waiting for playback): how much is
 * queued when the socket is paused, and how much the process grows. Before backpressure the inbox took
 * everything the server sent.
 */
async function fastServerSlowConsumer(server: FakeEdgeServer): Promise<void> {
  server.setOptions({ fault: 'none', faultOnRequest: undefined, faultFromRequest: undefined, speedFactor: 1000, firstAudioDelayMs: 0 });
  server.reset();
  const text = 'A long request that the service renders much faster than anyone can listen to it. '.repeat(48);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let maxQueued = 0;
  let pauses = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  let bytes = 0;
  let slept = false;
  try {
    for await (const event of requestSpeech({
      ...voice,
      escapedText: text,
      signal: new AbortController().signal,
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      wordBoundaries: false,
      onBackpressure: (paused, queued) => {
        if (paused) pauses++;
        maxQueued = Math.max(maxQueued, queued);
      },
    })) {
      if (event.kind !== 'audio') continue;
      bytes += event.bytes.length;
      if (!slept) {
        slept = true;
        await new Promise((resolve) => setTimeout(resolve, 4000));
      }
    }
  } finally {
    clearInterval(sampler);
    server.setOptions({ speedFactor: 10, firstAudioDelayMs: 300 });
  }
  const sent = server.requests[0]?.audioBytesSent ?? 0;
  await server.waitForAllClosed(3000).catch(() => undefined);
  console.log(
    `  ${'fast server, consumer away 4 s'.padEnd(32)} ${`${(bytes / 1024).toFixed(0)} KiB of ${(sent / 1024).toFixed(0)} KiB read; paused ${pauses}×, ≤ ${(maxQueued / 1024).toFixed(0)} KiB queued`.padEnd(46)} ${''.padStart(9)} ${''.padStart(9)}  ${String(server.openSocketCount()).padStart(7)}  ${'n/a'.padStart(9)}  ${'0'.padStart(7)}  ${`+${Math.round((peakRss - rssBefore) / 1048576)} MiB`.padStart(8)}`,
  );
}

/** Words of the text missing from what was spoken, in order (a word said twice at a resume is fine). */
function countLost(spoken: readonly string[]): number {
  let at = 0;
  let lost = 0;
  for (const word of WORDS) {
    const found = spoken.indexOf(word, at);
    if (found < 0) {
      lost++;
    } else {
      at = found + 1;
    }
  }
  return lost;
}
