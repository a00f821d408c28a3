// npm run bench: prints how fast Read Aloud starts speaking, how fast it stops, and how a long document
// plays, against the local Edge protocol server and the real player in Chromium. Prints numbers; asserts
// nothing (the tests do that).

import { performance } from 'node:perf_hooks';
import { planReading } from '../src/reading/readingPlan';
import { ReaderFeed } from '../src/player/readerFeed';
import { readingPlanFor } from '../src/reading/lazyReadingPlan';
import { passagePreparer, type SpeechTextOptions } from '../src/reading/passagePreparer';
import { planSentenceJump } from '../src/reading/sentenceJump';
import { WordTimeline } from '../src/reading/wordTimeline';
import { SpeechSession, type PlayerChannel, type SessionPlan } from '../src/session/SpeechSession';
import { resetEdgeEndpoint, setEdgeEndpoint } from '../src/speech/edgeEndpoint';
import { synthesizeSpeech, type SpeechEvent } from '../src/speech/synthesizeSpeech';
import { openBrowserRig, PlayerPage, type RecordedMessage } from '../test/browser/harness';
import { startFakeEdgeServer, type FakeEdgeServer } from '../test/fake-edge/server';
import { BrowserPlayerChannel } from './browserPlayerChannel';
import { faultMatrix } from './faultMatrix';
import { hostileText } from './hostileText';
import { systemVoiceBench } from './systemVoice';

const FIRST_AUDIO_DELAY_MS = 300;
const SPEED_FACTOR = 10; // the service renders about 10× faster than real time (a 10-minute text in about a minute)
const STREAMING_RUNS = 20;
const BASELINE_RUNS = 5;
const quick = process.argv.includes('--quick');
const faultsOnly = process.argv.includes('--faults');
const textOnly = process.argv.includes('--text');
const systemOnly = process.argv.includes('--system');
/** `--skips`: only the sentence-skip rows; `--big`: only the big-document rows. */
const skipsOnly = process.argv.includes('--skips');
const bigOnly = process.argv.includes('--big');

const SENTENCE = 'The quick brown fox jumps over the lazy dog, and the reader keeps going without a pause. ';
/** ≈ 30 s of speech at the server's 15 characters per second. */
const THIRTY_SECOND_TEXT = SENTENCE.repeat(5).trim();

const nowMs = (): number => performance.timeOrigin + performance.now();
const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };

function plan(text: string, overrides: Partial<SessionPlan> = {}): SessionPlan {
  return {
    segments: planReading([{ text, offset: 0 }]).segments,
    synthesis: { voice, connectTimeoutMs: 10_000, idleTimeoutMs: 15_000, wordBoundaries: true },
    playbackRate: 1,
    aheadLimitSeconds: 60,
    ...overrides,
  };
}

function stats(values: readonly number[]): { median: number; p90: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))] ?? NaN;
  return { median: at(0.5), p90: at(0.9), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const line = (label: string, s: ReturnType<typeof stats>): void =>
  console.log(
    `  ${label.padEnd(44)} median ${fmt(s.median).padStart(10)}   p90 ${fmt(s.p90).padStart(10)}   (min ${fmt(s.min)}, max ${fmt(s.max)})`,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (faultsOnly) {
    await faultMatrix();
    return;
  }
  if (textOnly) {
    hostileText();
    return;
  }
  const server = await startFakeEdgeServer({ firstAudioDelayMs: FIRST_AUDIO_DELAY_MS, speedFactor: SPEED_FACTOR });
  setEdgeEndpoint({ speechUrl: server.wsUrl, voicesUrl: server.voicesUrl });
  if (bigOnly) {
    try {
      await bigDocuments(server);
    } finally {
      resetEdgeEndpoint();
      await server.close();
    }
    return;
  }
  let rig: Awaited<ReturnType<typeof openBrowserRig>> | undefined;
  let opened: BrowserPlayerChannel | undefined;
  let readingId = 1;
  try {
    rig = await openBrowserRig();
    const page = await PlayerPage.open(rig.browser, rig.server);
    const channel = (opened = new BrowserPlayerChannel(page));
    await unlockAudio(page, channel, readingId++);
    if (systemOnly) {
      await systemVoiceBench(page, channel, () => readingId++, { runs: quick ? 5 : 20, longChars: quick ? 12_000 : 50_000 }, stats, line);
      return;
    }
    console.log(
      `Read Aloud benchmark — local Edge server: first audio after ${FIRST_AUDIO_DELAY_MS} ms, then ${SPEED_FACTOR}× real time; player: Chromium`,
    );

    if (skipsOnly) {
      readingId = await sentenceSkips(channel, readingId);
      await readerViewLag(page, channel, readingId++);
      return;
    }
    // (a) Streaming as built, and stopping.
    const overhead: number[] = [];
    const toFirstChunk: number[] = [];
    const firstChunkToPlaying: number[] = [];
    const stopToPaused: number[] = [];
    const stopToSocketClosed: number[] = [];
    for (let run = 0; run < (quick ? 5 : STREAMING_RUNS); run++) {
      const id = readingId++;
      const session = new SpeechSession(id, channel, plan(THIRTY_SECOND_TEXT));
      const started = nowMs();
      session.start();
      const playing = await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === id, 10_000);
      overhead.push(playing.at - started - FIRST_AUDIO_DELAY_MS);
      const firstChunk = channel.firstChunkPostedAt.get(id) ?? NaN;
      toFirstChunk.push(firstChunk - started - FIRST_AUDIO_DELAY_MS);
      firstChunkToPlaying.push(playing.at - firstChunk);
      await sleep(300);
      const closed = server.nextClose(5000);
      const stopAt = nowMs();
      session.stop();
      await channel.flushed();
      const { audio } = await page.snapshot();
      stopToPaused.push(nowMs() - stopAt);
      if (!audio.paused) {
        throw new Error('the player was still playing after stop');
      }
      const close = await closed;
      stopToSocketClosed.push(performance.timeOrigin + close.at - stopAt);
      await server.waitForAllClosed(5000);
    }

    // (b) The seed's baseline: collect all the audio, then play it.
    const baseline: number[] = [];
    const streamingFull: number[] = [];
    for (let run = 0; run < (quick ? 2 : BASELINE_RUNS); run++) {
      const id = readingId++;
      const started = nowMs();
      const chunks: Uint8Array[] = [];
      for await (const event of synthesizeSpeech(plan(THIRTY_SECOND_TEXT).segments, {
        voice,
        signal: new AbortController().signal,
        connectTimeoutMs: 10_000,
        idleTimeoutMs: 15_000,
        wordBoundaries: false,
      })) {
        if (event.kind === 'audio') {
          chunks.push(event.chunk);
        }
      }
      channel.post({ type: 'start', readingId: id, playbackRate: 1 });
      chunks.forEach((chunk, seq) => channel.post({ type: 'chunk', readingId: id, seq, data: chunk.slice().buffer }));
      channel.post({ type: 'end', readingId: id });
      const playing = await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === id, 30_000);
      baseline.push(playing.at - started);
      channel.post({ type: 'stop', readingId: id });
      await channel.flushed();
      streamingFull.push(overhead[run] ?? NaN);
    }

    const streamingToAudio = overhead.map((o) => o + FIRST_AUDIO_DELAY_MS);
    console.log('\nStart and stop (30-second text, %d streaming runs, %d baseline runs)', overhead.length, baseline.length);
    line('command → playing, minus server delay', stats(overhead));
    line('  of which: command → first 4 KB chunk posted', stats(toFirstChunk));
    line('  of which: first chunk posted → playing', stats(firstChunkToPlaying));
    line('command → playing, streaming (total)', stats(streamingToAudio));
    line('command → playing, collect-then-play baseline', stats(baseline));
    console.log(
      `  ${'speed-up to first audio (median)'.padEnd(44)} ${(stats(baseline).median / stats(streamingToAudio).median).toFixed(1)}×`,
    );
    line('stop → player paused', stats(stopToPaused));
    line('stop → server sees socket closed', stats(stopToSocketClosed));

    await localServerPacing(server);
    readingId = await sentenceSkips(channel, readingId);
    await readerViewLag(page, channel, readingId++);
    await longDocument(server, page, channel, readingId++);
    // After the long document: its memory rows must not count the big documents' garbage.
    await bigDocuments(server);
    await systemVoiceBench(page, channel, () => readingId++, { runs: quick ? 5 : 20, longChars: quick ? 12_000 : 50_000 }, stats, line);
    await faultMatrix();
  } finally {
    opened?.dispose();
    await rig?.close();
    resetEdgeEndpoint();
    await server.close();
  }
}

/**
 * How closely the local Edge server keeps to its own schedule (first audio after `firstAudioDelayMs`,
 * the turn's end after the audio's duration / speedFactor). The tests only check the order and the
 * floors, which load cannot break; the lateness a machine adds is measured here.
 */
async function localServerPacing(server: FakeEdgeServer): Promise<void> {
  const delayMs = 300;
  const speedFactor = 10;
  server.setOptions({ firstAudioDelayMs: delayMs, speedFactor, charsPerSecond: 15 });
  const firstAudioLate: number[] = [];
  const turnEndLate: number[] = [];
  for (let run = 0; run < (quick ? 5 : 20); run++) {
    server.reset();
    for await (const event of synthesizeSpeech([{ text: 'a'.repeat(75) }], {
      voice,
      signal: new AbortController().signal,
      connectTimeoutMs: 10_000,
      idleTimeoutMs: 15_000,
      wordBoundaries: false,
    })) {
      void event; // drained: the server's log has the times
    }
    const log = server.requests[0];
    if (log?.firstAudioAt !== undefined && log.turnEndAt !== undefined) {
      firstAudioLate.push(log.firstAudioAt - log.receivedAt - delayMs);
      turnEndLate.push(log.turnEndAt - log.receivedAt - delayMs - log.audioDurationMs / speedFactor);
    }
    await server.waitForAllClosed(5000);
  }
  server.setOptions({ firstAudioDelayMs: FIRST_AUDIO_DELAY_MS, speedFactor: SPEED_FACTOR, charsPerSecond: 15 });
  console.log(
    '\nLocal Edge server pacing (5 s of audio at 10×, after 300 ms; %d runs): lateness against its targets',
    firstAudioLate.length,
  );
  line('first audio', stats(firstAudioLate));
  line('turn.end', stats(turnEndLate));
}

/** The first reading needs one click in the player, as in VS Code (microsoft/vscode#237030). */
async function unlockAudio(page: PlayerPage, channel: BrowserPlayerChannel, id: number): Promise<void> {
  const session = new SpeechSession(id, channel, plan('Warming up.'));
  session.start();
  const first = await channel.waitFor(
    (m) => (m.type === 'playing' || m.type === 'needsUserGesture') && 'readingId' in m && m.readingId === id,
    10_000,
  );
  if (first.type === 'needsUserGesture') {
    await page.frame.getByRole('button', { name: 'Enable audio' }).click();
    await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === id, 10_000);
  }
  session.stop();
  await channel.flushed();
}

/** A Markdown document of about `size` characters: headings, paragraphs with links, lists, code blocks. */
function markdownDocument(size: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let n = 1; length < size; n++) {
    const part =
      `# Chapter ${n}\n\nThis is **paragraph** ${n}, with a [link](https://example.com/${n}). ${SENTENCE}${SENTENCE}\n\n` +
      `- item one of ${n}\n- item two, with \`code\`\n\n` +
      (n % 7 === 0 ? '```python\ndef f():\n\n    return 1\n```\n\n' : '');
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** A TypeScript file of about `size` characters: JSDoc, line comments, strings and template literals with comment markers. */
function typescriptDocument(size: number): string {
  const unit =
    `/**\n * Adds two numbers. ${SENTENCE}\n *\n * @param a the first one, see {@link add}.\n */\n` +
    'export function add(a: number, b: number): number {\n  // Sum them: the caller checks for overflow.\n' +
    '  const note = "a // not a comment /* nor this";\n  const t = `line one\n\n/* still a template */ ${a}`;\n  return a + b;\n}\n\n';
  return unit.repeat(Math.ceil(size / unit.length));
}

interface BigCase {
  readonly name: string;
  readonly document: (size: number) => string;
  readonly options: SpeechTextOptions;
}

const BIG_CASES: readonly BigCase[] = [
  { name: 'Markdown document', document: markdownDocument, options: { ...bigOptions('markdown'), mode: 'document' } },
  { name: 'TypeScript file, comments', document: typescriptDocument, options: { ...bigOptions('typescript'), mode: 'document' } },
  {
    name: 'TypeScript file, codeFiles all',
    document: typescriptDocument,
    options: { ...bigOptions('typescript'), mode: 'document', codeFiles: 'all' },
  },
  { name: 'TypeScript selection', document: typescriptDocument, options: { ...bigOptions('typescript'), mode: 'selection' } },
];

function bigOptions(languageId: string): Omit<SpeechTextOptions, 'mode'> {
  return { languageId, codeBlocks: 'announce', codeFiles: 'comments', pronunciations: [], codeSpeech: true };
}

/**
 * Read Document (and Read Selection) on big files: from the command to the first request reaching the
 * service, preparing the text window by window (as Reader does) against the whole of it first (as it did).
 * Everything Reader does before synthesis starts is in it: the plan, the timeline, the session.
 */
async function bigDocuments(server: FakeEdgeServer): Promise<void> {
  const idle: PlayerChannel = { post: () => undefined, onMessage: () => ({ dispose: () => undefined }) };
  const runs = quick ? 2 : 5;
  let id = 10_000;
  for (const { name, document, options } of BIG_CASES) {
    console.log('\nRead %s, big: command → first request at the service (%d runs each)', name, runs);
    const prepare = passagePreparer(options);
    // Warm the parser up on a 1 MB document first: the first sizes would otherwise measure the JIT.
    planReading([{ text: document(1_000_000), offset: 0 }], undefined, prepare);
    for (const megabytes of [0.1, 1, 5, 10]) {
      const text = document(megabytes * 1_000_000);
      for (const lazy of [true, false]) {
        const toRequest: number[] = [];
        const toPlan: number[] = [];
        // The first run warms the JIT up and is not counted.
        for (let run = -1; run < runs; run++) {
          server.reset();
          const started = performance.now();
          let segments: Iterable<{ text: string }>;
          if (lazy) {
            const plan = readingPlanFor([{ text, offset: 0 }], options);
            plan.hasSegment(0);
            new WordTimeline(plan);
            segments = plan.segmentsInOrder();
          } else {
            const plan = planReading([{ text, offset: 0 }], undefined, prepare);
            void new WordTimeline(plan).sentences.length; // the old path split every sentence up front
            segments = plan.segments;
          }
          const planned = performance.now() - started;
          const session = new SpeechSession(id++, idle, { ...plan(''), segments });
          session.start();
          const deadline = Date.now() + 10_000;
          while (server.requests.length === 0 && Date.now() < deadline) {
            await sleep(1);
          }
          if (run >= 0) {
            toPlan.push(planned);
            toRequest.push((server.requests[0]?.receivedAt ?? NaN) - started);
          }
          session.stop();
          await server.waitForAllClosed(5000);
        }
        line(`${megabytes} MB, ${lazy ? 'window by window' : 'whole document first'}: plan ready`, stats(toPlan));
        line(`${megabytes} MB, ${lazy ? 'window by window' : 'whole document first'}: first request`, stats(toRequest));
      }
    }
  }
  fromCursorInBigCode(runs);
}

/**
 * Read From Cursor (and Continue Reading) near the end of a 10 MB TypeScript file read by its comments:
 * the file is lexed up to the cursor to find where its window starts, without preparing any of it.
 */
function fromCursorInBigCode(runs: number): void {
  const text = typescriptDocument(10_000_000);
  const from = text.indexOf('Adds two numbers', text.length - 100_000);
  const options: SpeechTextOptions = { ...bigOptions('typescript'), mode: 'document' };
  const times: number[] = [];
  for (let run = -1; run < runs; run++) {
    const started = performance.now();
    readingPlanFor([{ text, offset: 0, from }], options).hasSegment(0);
    if (run >= 0) times.push(performance.now() - started);
  }
  console.log('\nRead From Cursor 99%% into a 10 MB TypeScript file read by its comments (%d runs)', runs);
  line('command → first window ready', stats(times));
}

/**
 * Highlight lag in the reader view: for every word heard, how far the audio had gone past its start when
 * the player first highlighted it (a word heard but never highlighted is counted apart). The host side is
 * Reader's: start → ReaderFeed.begin, words → ReaderFeed, progress → timeline → readerPosition; the player
 * side is the real reader view, observed in the player's frame. Only a new highlight counts: the same word
 * drawn again (the clock's text changing, a window re-sent) is not a word shown late.
 */
async function readerViewLag(page: PlayerPage, channel: BrowserPlayerChannel, id: number): Promise<void> {
  const readingPlan = planReading([{ text: THIRTY_SECOND_TEXT, offset: 0 }]);
  const timeline = new WordTimeline(readingPlan);
  const feed = new ReaderFeed(id, (m) => channel.post(m), {
    get sentenceCount() {
      return timeline.sentences.length;
    },
    sentenceText: (i) => timeline.sentenceText(i),
  });
  const startOf = new Map<string, number>();
  const session = new SpeechSession(
    id,
    channel,
    { ...plan(THIRTY_SECOND_TEXT), segments: readingPlan.segments },
    {
      // As Reader does: the text and the first timings go with the start; later timings go as they come,
      // in batches; positions follow progress.
      onStarted: () => feed.begin(),
      onWord: (report) => {
        const word = timeline.add(report);
        if (word) {
          startOf.set(`${word.sentenceIndex}:${word.inSentence.start}`, word.startSeconds);
          feed.addWord(word.sentenceIndex, word.inSentence, word.startSeconds);
        }
      },
      onSegment: () => feed.flushWords(),
      onProgress: (seconds) => {
        const word = timeline.wordAt(seconds);
        if (word) {
          feed.show(word.sentenceIndex, word.inSentence);
        }
        feed.flushWords();
      },
    },
  );
  const frame = page.page.frames().find((f) => f !== page.page.mainFrame());
  if (!frame) {
    throw new Error('no player frame');
  }
  type Mark = { key: string; currentTime: number };
  // Runs in the player's frame: audio is unlocked already, so this evaluation's user activation changes nothing.
  await frame.evaluate(() => {
    const records: Mark[] = [];
    (window as unknown as { __marks: Mark[] }).__marks = records;
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        for (const node of Array.from(mutation.addedNodes)) {
          const sentence = node.parentElement;
          if (node instanceof HTMLElement && node.matches('.reader mark.word') && sentence) {
            const key = `${sentence.dataset.index}:${node.previousSibling?.textContent?.length ?? 0}`;
            if (records.at(-1)?.key !== key) {
              records.push({ key, currentTime: document.querySelector('audio')?.currentTime ?? NaN });
            }
          }
        }
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
  session.start();
  await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === id, 10_000);
  // Long enough to cross from one sentence to the next (≈ 6 s each) even in a quick run.
  await sleep(quick ? 8000 : 15_000);
  await channel.flushed();
  const marks = await frame.evaluate(() => (window as unknown as { __marks: Mark[] }).__marks);
  const heardUntil = await frame.evaluate(() => document.querySelector('audio')?.currentTime ?? 0);
  session.stop();
  await channel.flushed();
  const firstShown = new Map<string, number>();
  for (const mark of marks) {
    if (!firstShown.has(mark.key) && Number.isFinite(mark.currentTime)) {
      firstShown.set(mark.key, mark.currentTime);
    }
  }
  const lags: number[] = [];
  let missed = 0;
  for (const [key, start] of startOf) {
    if (start >= heardUntil) {
      continue; // not heard yet when the run ended
    }
    const shownAt = firstShown.get(key);
    if (shownAt === undefined) {
      missed++;
    } else {
      lags.push((shownAt - start) * 1000); // below 0: highlighted before it was heard
    }
  }
  const first = firstShown.get('0:0');
  console.log(
    '\nReader view (%d words heard, %d never highlighted; the first word shown %s after its start)',
    lags.length + missed,
    missed,
    first === undefined ? 'never' : fmt(first * 1000),
  );
  line('highlight lag (word shown − audio reached it)', stats(lags));
}

/**
 * Next/Previous Sentence → the new sentence is audible: a seek within the audio the player holds (as
 * Reader does when it can) against reading again from that sentence (what it did before, and still does
 * outside the buffered audio). "Audible": the player reports playing at the sentence's first word.
 */
async function sentenceSkips(channel: BrowserPlayerChannel, firstId: number): Promise<number> {
  let id = firstId;
  const sentences = THIRTY_SECOND_TEXT.split(/(?<=\.) /);
  const readingPlan = planReading([{ text: THIRTY_SECOND_TEXT, offset: 0 }]);
  const timeline = new WordTimeline(readingPlan);
  const readingId = id++;
  const session = new SpeechSession(
    readingId,
    channel,
    { ...plan(THIRTY_SECOND_TEXT), segments: readingPlan.segments },
    { onWord: (w) => timeline.add(w) },
  );
  session.start();
  await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === readingId, 10_000);
  // Wait until the whole text is synthesized and buffered, as it is seconds into a real reading.
  const deadline = Date.now() + 20_000;
  while (session.bufferedRange.end < 29 && Date.now() < deadline) {
    await sleep(50);
  }
  const seeks: number[] = [];
  for (let run = 0; run < (quick ? 6 : 20); run++) {
    // Forward and back in turn: 2, 4, 1, 3, … (sentence indices).
    const target = [2, 4, 1, 3, 0][run % 5]!;
    const jump = planSentenceJump(target, {
      sentenceStartSeconds: (i) => timeline.sentenceStartSeconds(i),
      buffered: session.bufferedRange,
    });
    if (jump.kind !== 'seek') {
      throw new Error(`sentence ${target} is not buffered (${JSON.stringify(session.bufferedRange)})`);
    }
    const from = channel.received.length;
    const at = nowMs();
    session.seek(jump.seconds);
    const heard = await channel.waitFor(
      (m) =>
        channel.received.indexOf(m) >= from &&
        m.type === 'progress' &&
        m.readingId === readingId &&
        Math.abs(m.currentTime - jump.seconds) < 0.5,
      5000,
    );
    seeks.push(heard.at - at);
    await sleep(200);
  }
  session.stop();
  await channel.flushed();

  const restarts: number[] = [];
  for (let run = 0; run < (quick ? 3 : 10); run++) {
    const rest = sentences.slice(1 + (run % 3)).join(' ');
    const restartId = id++;
    const at = nowMs();
    const restart = new SpeechSession(restartId, channel, plan(rest));
    restart.start();
    const playing = await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === restartId, 10_000);
    restarts.push(playing.at - at);
    restart.stop();
    await channel.flushed();
  }
  console.log(
    '\nNext/Previous Sentence → new sentence audible (%d seeks, %d restarts; server first audio after %d ms)',
    seeks.length,
    restarts.length,
    FIRST_AUDIO_DELAY_MS,
  );
  line('seek within buffered audio', stats(seeks));
  line('read again from the sentence (restart)', stats(restarts));
  return id;
}

/** A 50,000-character document at a realistic pace: stalls, gaps between requests, memory, highlight lag. */
async function longDocument(server: FakeEdgeServer, page: PlayerPage, channel: BrowserPlayerChannel, id: number): Promise<void> {
  const playbackRate = 4;
  // A fast talker (60 characters/s) keeps 50,000 characters to ~14 minutes of audio, ~3.5 minutes at 4×.
  server.setOptions({ charsPerSecond: 60, firstAudioDelayMs: FIRST_AUDIO_DELAY_MS, speedFactor: SPEED_FACTOR });
  const paragraphs: string[] = [];
  for (let n = 1; paragraphs.join('\n\n').length < 50_000; n++) {
    paragraphs.push(`Paragraph ${n}. ${SENTENCE.repeat(3).trim()} It is number ${n}.`);
  }
  const text = paragraphs.join('\n\n').slice(0, quick ? 12_000 : 50_000);
  const readingPlan = planReading([{ text, offset: 0 }]);
  const timeline = new WordTimeline(readingPlan);
  const segmentStarts: number[] = [];
  const progress: Array<{ at: number; currentTime: number; receivedAt: number }> = [];
  const highlightedAt = new Map<number, number>();
  const session = new SpeechSession(
    id,
    channel,
    { ...plan(text), segments: readingPlan.segments, playbackRate },
    {
      onWord: (word: Extract<SpeechEvent, { kind: 'word' }>) => timeline.add(word),
      onSegment: (segment) => segmentStarts.push(segment.startSeconds),
    },
  );
  const progressListener = channel.onMessage((message) => {
    if (message.type === 'progress' && message.readingId === id) {
      const receivedAt = nowMs();
      progress.push({ at: (message as RecordedMessage).at, currentTime: message.currentTime, receivedAt });
      const word = timeline.wordAt(message.currentTime);
      if (word && !highlightedAt.has(word.startSeconds)) {
        highlightedAt.set(word.startSeconds, receivedAt);
      }
    }
  });
  const memory: Array<{ label: string; hostHeapMb: number; hostRssMb: number; playerBufferedS: number }> = [];
  const sample = async (label: string) => {
    const { audio } = await page.snapshot();
    const usage = process.memoryUsage();
    memory.push({
      label,
      hostHeapMb: usage.heapUsed / 2 ** 20,
      hostRssMb: usage.rss / 2 ** 20,
      playerBufferedS: audio.bufferedEnd - audio.bufferedStart,
    });
  };
  const totalAudioSeconds = text.length / 60;
  session.start();
  await channel.waitFor((m) => m.type === 'playing' && 'readingId' in m && m.readingId === id, 10_000);
  await sample('start');
  const wallSeconds = totalAudioSeconds / playbackRate;
  await sleep((wallSeconds / 2) * 1000);
  await sample('middle');
  await channel.waitFor((m) => m.type === 'ended' && 'readingId' in m && m.readingId === id, (wallSeconds + 60) * 1000);
  await sample('end');
  progressListener.dispose();
  session.stop();

  // Stalls: intervals where the playhead advanced less than half of what the wall clock says it should.
  let stalls = 0;
  let stallMs = 0;
  const gaps: number[] = [];
  for (let i = 1; i < progress.length; i++) {
    const a = progress[i - 1]!;
    const b = progress[i]!;
    const expected = ((b.at - a.at) / 1000) * playbackRate;
    const advanced = b.currentTime - a.currentTime;
    if (expected > 0.05 && advanced < expected / 2 && b.currentTime < totalAudioSeconds - 1) {
      stalls++;
      stallMs += b.at - a.at;
    }
  }
  // Gap at each request boundary: wall time across ±1 s of audio around it, beyond what the audio takes.
  for (const boundary of segmentStarts.slice(1)) {
    const before = [...progress].reverse().find((p) => p.currentTime <= boundary - 1);
    const after = progress.find((p) => p.currentTime >= boundary + 1);
    if (before && after) {
      const audioMs = ((after.currentTime - before.currentTime) / playbackRate) * 1000;
      gaps.push(Math.max(0, after.at - before.at - audioMs));
    }
  }
  // Highlight lag: when the host first showed each word vs when the audio reached it.
  const lags: number[] = [];
  for (const [start, shownAt] of highlightedAt) {
    const after = progress.find((p) => p.currentTime >= start);
    if (after) {
      const reachedAt = after.at - ((after.currentTime - start) / playbackRate) * 1000;
      lags.push(shownAt - reachedAt);
    }
  }
  console.log(
    `\nLong document: ${text.length} characters, ${readingPlan.segments.length} requests, ${(totalAudioSeconds / 60).toFixed(1)} min of audio played at ${playbackRate}×`,
  );
  console.log(`  stalls after the first play: ${stalls} (${stallMs.toFixed(0)} ms in all)`);
  if (gaps.length > 0) {
    line('audio gap at request boundaries', stats(gaps));
  }
  line('highlight lag (word shown − audio reached it)', stats(lags));
  for (const m of memory) {
    console.log(
      `  memory at ${m.label.padEnd(6)}  host heap ${m.hostHeapMb.toFixed(1)} MB, host RSS ${m.hostRssMb.toFixed(1)} MB, player holds ${m.playerBufferedS.toFixed(0)} s of audio (${((m.playerBufferedS * 6000) / 2 ** 20).toFixed(2)} MB)`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
