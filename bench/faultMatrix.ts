// The fault matrix: for each way the service fails, what the reader does about it, how long it takes,
// whether a socket is left open, and whether any word is lost. Uses the production timeouts.

import { performance } from 'node:perf_hooks';
import { setEdgeEndpoint } from '../src/speech/edgeEndpoint';
import { resetClockSkew } from '../src/speech/clockSkew';
import { isSpeechError } from '../src/speech/speechError';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, synthesizeSpeech } from '../src/speech/synthesizeSpeech';
import { startFakeEdgeServer, type FakeEdgeOptions, type FakeEdgeServer } from '../test/fake-edge/server';

const TEXT =
  'Reading aloud is a way to hear what you wrote. Streaming lets the first words play while the rest is still being made. ' +
  'When the connection drops, the reader picks up at the last word it heard.';
const WORDS = TEXT.match(/[\p{L}\p{N}']+/gu) ?? [];
const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };

interface FaultCase {
  readonly name: string;
  readonly options: FakeEdgeOptions;
  /** Point the client at a closed port instead of the server. */
  readonly refused?: boolean;
}

const CASES: readonly FaultCase[] = [
  { name: 'drop mid-audio (once)', options: { fault: 'dropMidAudio', faultOnRequest: 1 } },
  { name: 'turn.end with no audio (once)', options: { fault: 'noAudio', faultOnRequest: 1 } },
  { name: 'hang after turn.start (once)', options: { fault: 'hangAfterTurnStart', faultOnRequest: 1 } },
  { name: '403, client clock 10 min slow', options: { clockOffsetMs: 10 * 60_000 } },
  { name: 'drop mid-audio (every time)', options: { fault: 'dropMidAudio' } },
  { name: '403 (every time)', options: { fault: 'forbidden' } },
  { name: 'connection refused', options: {}, refused: true },
];

export async function faultMatrix(): Promise<void> {
  const server = await startFakeEdgeServer({ firstAudioDelayMs: 300, speedFactor: 10 });
  const closed = await startFakeEdgeServer();
  const deadUrl = closed.wsUrl;
  await closed.close();
  console.log(`\nFault matrix (production timeouts: connect ${DEFAULT_CONNECT_TIMEOUT_MS / 1000} s, idle ${DEFAULT_IDLE_TIMEOUT_MS / 1000} s)`);
  console.log('  time: for a reading that goes on, the longest wait for audio (the first wait included); otherwise, time to the message');
  console.log(`  ${'fault'.padEnd(32)} ${'what the user gets'.padEnd(46)} ${'time'.padStart(9)}  sockets open  words lost`);
  try {
    for (const c of CASES) {
      await runCase(server, c, deadUrl);
    }
  } finally {
    resetClockSkew();
    await server.close();
  }
}

async function runCase(server: FakeEdgeServer, c: FaultCase, deadUrl: string): Promise<void> {
  server.setOptions({ fault: 'none', faultOnRequest: undefined, faultFromRequest: undefined, clockOffsetMs: 0, ...c.options });
  server.reset();
  resetClockSkew();
  setEdgeEndpoint({ speechUrl: c.refused ? deadUrl : server.wsUrl, voicesUrl: server.voicesUrl });
  const started = performance.now();
  let lastAudioAt = started;
  let longestSilenceMs = 0;
  let firstAudioAt: number | undefined;
  const spoken: string[] = [];
  let outcome: string;
  let time: number;
  try {
    for await (const event of synthesizeSpeech([{ text: TEXT }], {
      voice,
      signal: new AbortController().signal,
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      wordBoundaries: true,
    })) {
      if (event.kind === 'audio') {
        const now = performance.now();
        firstAudioAt ??= now;
        longestSilenceMs = Math.max(longestSilenceMs, now - lastAudioAt);
        lastAudioAt = now;
      } else if (event.kind === 'word') {
        spoken.push(TEXT.slice(event.textStart, event.textEnd));
      }
    }
    const retries = server.requests.length - 1;
    const refusedHandshakes = server.rejectedUpgrades.length;
    outcome =
      retries > 0
        ? `reads on; ${retries} resumed request(s)`
        : refusedHandshakes > 0
          ? `reads on after a clock fix (${refusedHandshakes} refused)`
          : 'reads on';
    // Time to recover: the longest wait between two pieces of audio (the first one counts from the start).
    time = longestSilenceMs;
  } catch (error) {
    outcome = isSpeechError(error) ? `message: ${error.message.slice(0, 38)}…` : `crash: ${String(error)}`;
    time = performance.now() - started;
  }
  await server.waitForAllClosed(3000).catch(() => undefined);
  const lostText = outcome.startsWith('reads on') ? String(countLost(spoken)) : 'n/a (stopped)';
  console.log(
    `  ${c.name.padEnd(32)} ${outcome.padEnd(46)} ${(time < 1000 ? `${time.toFixed(0)} ms` : `${(time / 1000).toFixed(2)} s`).padStart(9)}  ${String(server.openSocketCount()).padStart(12)}  ${lostText.padStart(10)}`,
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
