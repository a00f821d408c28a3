// The system voice (espeak-ng) through the real SpeechSession and the real player in Chromium: time to the
// first sound, stop, gaps between sentences, and a long document played to its end.

import { performance } from 'node:perf_hooks';
import { espeakBackend } from '../src/engines/system/espeakEngine';
import { runSpeechProcess } from '../src/engines/system/spawnSpeech';
import { systemEngine } from '../src/engines/system/systemEngine';
import { planReading } from '../src/reading/readingPlan';
import { SpeechSession, type SessionPlan } from '../src/session/SpeechSession';
import type { PlayerPage, RecordedMessage } from '../test/browser/harness';
import type { BrowserPlayerChannel } from './browserPlayerChannel';

const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SENTENCE = 'The quick brown fox jumps over the lazy dog, and the reader keeps going without a pause. ';

function plan(text: string, speed = 1): SessionPlan {
  return {
    segments: planReading([{ text, offset: 0 }]).segments,
    synthesis: {
      voice: { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' },
      connectTimeoutMs: 1,
      idleTimeoutMs: 1,
      wordBoundaries: false,
    },
    engine: systemEngine(espeakBackend, { voice: undefined, speed, pitchHz: 0, volumePercent: 100 }),
    playbackRate: 1,
    aheadLimitSeconds: 15,
  };
}

type Stats = { median: number; p90: number; min: number; max: number };
type Line = (label: string, s: Stats) => void;

const isFor = (type: string, id: number) => (m: RecordedMessage) => m.type === type && 'readingId' in m && m.readingId === id;

export async function systemVoiceBench(
  page: PlayerPage,
  channel: BrowserPlayerChannel,
  nextId: () => number,
  options: { runs: number; longChars: number },
  stats: (values: readonly number[]) => Stats,
  line: Line,
): Promise<void> {
  console.log('\nSystem voice (espeak-ng, PCM through Web Audio in the player)');
  const toPlaying: number[] = [];
  const stopToSilent: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const id = nextId();
    const session = new SpeechSession(id, channel, plan(SENTENCE.repeat(3)));
    const started = nowMs();
    session.start();
    const playing = await channel.waitFor(isFor('playing', id), 10_000);
    toPlaying.push(playing.at - started);
    await sleep(400);
    // The test channel posts through page.evaluate one message at a time: let the look-ahead it is still
    // carrying arrive first, so the row measures the player, not that queue.
    await channel.flushed();
    const stopAt = nowMs();
    session.stop();
    await channel.flushed();
    const { lastStopAt } = await page.snapshot();
    if (lastStopAt !== null) {
      stopToSilent.push(lastStopAt - stopAt);
    }
  }
  line('command → playing', stats(toPlaying));
  line('stop → player silent (sources stopped)', stats(stopToSilent));

  // Stop → the espeak-ng process killed and reaped, caught mid-sentence.
  const kill: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const abort = new AbortController();
    let stoppedAt = 0;
    for await (const _chunk of runSpeechProcess(
      espeakBackend.synthesisCommand({ voice: undefined, speed: 1, pitchHz: 0, volumePercent: 100 }),
      `${'on and on '.repeat(400)}.`,
      abort.signal,
      'missing',
    )) {
      if (stoppedAt === 0) {
        stoppedAt = performance.now();
        abort.abort();
      }
    }
    kill.push(performance.now() - stoppedAt);
  }
  line('stop → espeak-ng process gone', stats(kill));

  await longDocument(channel, nextId(), options.longChars, stats, line);
}

/** A long document at speed 4 (espeak-ng at 700 words a minute) played to its end: stalls and gaps between sentences. */
async function longDocument(
  channel: BrowserPlayerChannel,
  id: number,
  chars: number,
  stats: (values: readonly number[]) => Stats,
  line: Line,
): Promise<void> {
  const paragraphs: string[] = [];
  for (let n = 1; paragraphs.join('\n\n').length < chars; n++) {
    paragraphs.push(`Paragraph ${n}. ${SENTENCE.repeat(3).trim()} It is number ${n}.`);
  }
  const text = paragraphs.join('\n\n').slice(0, chars);
  const sentenceStarts: number[] = [];
  const progress: Array<{ at: number; currentTime: number }> = [];
  const session = new SpeechSession(id, channel, plan(text, 4), { onSentence: (sentence) => sentenceStarts.push(sentence.startSeconds) });
  const listener = channel.onMessage((message) => {
    if (message.type === 'progress' && message.readingId === id) {
      progress.push({ at: (message as RecordedMessage).at, currentTime: message.currentTime });
    }
  });
  const started = nowMs();
  session.start();
  await channel.waitFor(isFor('playing', id), 10_000);
  const outcome = await session.outcome;
  listener.dispose();
  const audioSeconds = progress.at(-1)?.currentTime ?? 0;
  let stalls = 0;
  let stallMs = 0;
  for (let i = 1; i < progress.length; i++) {
    const a = progress[i - 1]!;
    const b = progress[i]!;
    const expected = (b.at - a.at) / 1000;
    if (expected > 0.05 && b.currentTime - a.currentTime < expected / 2 && b.currentTime < audioSeconds - 0.5) {
      stalls++;
      stallMs += b.at - a.at;
    }
  }
  // Gap at each sentence boundary: wall time across ±0.5 s of audio around it, beyond what the audio takes.
  const gaps: number[] = [];
  for (const boundary of sentenceStarts.slice(1)) {
    const before = [...progress].reverse().find((p) => p.currentTime <= boundary - 0.5);
    const after = progress.find((p) => p.currentTime >= boundary + 0.5);
    if (before && after) {
      gaps.push(Math.max(0, after.at - before.at - (after.currentTime - before.currentTime) * 1000));
    }
  }
  console.log(
    `  long document: ${text.length} characters, ${sentenceStarts.length} sentences, ${(audioSeconds / 60).toFixed(1)} min of audio at speed 4, ` +
      `${outcome.kind} after ${((nowMs() - started) / 60_000).toFixed(1)} min`,
  );
  console.log(`  stalls after the first play: ${stalls} (${stallMs.toFixed(0)} ms in all)`);
  if (gaps.length > 0) {
    line('gap at sentence boundaries (beyond the audio)', stats(gaps));
  }
}
