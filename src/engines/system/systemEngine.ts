// The operating system's own voice as a SpeechEngine: one engine process per sentence, each sentence's
// audio streamed on as it is produced (so the first sound does not wait for a long sentence), as 16-bit
// PCM for the player's Web Audio path. Like Edge's stream it is pulled by its consumer, so it runs only a
// bounded distance ahead of playback, and at most one process runs at a time.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as l10n from '../../shared/l10n';
import { SpeechError } from '../../speech/speechError';
import type { SpeechSegment } from '../../speech/synthesizeSpeech';
import { splitSentences } from '../../text/sentences';
import { pcmFormat, type EngineEvent, type SpeechEngine } from '../speechEngine';
import { espeakBackend } from './espeakEngine';
import { sapiBackend } from './sapiEngine';
import { sayBackend } from './sayEngine';
import { runSpeechProcess, type ProcessReport } from './spawnSpeech';
import { textForEngine, type SystemSpeechBackend, type SystemVoiceSettings } from './systemBackend';
import { WavStreamReader } from './wavStream';

/** Audio is posted in pieces of at most this many bytes (an even number: whole samples). */
export const MAX_PCM_CHUNK_BYTES = 32 * 1024;

export function systemBackendFor(platform: NodeJS.Platform): SystemSpeechBackend {
  return platform === 'darwin' ? sayBackend : platform === 'win32' ? sapiBackend : espeakBackend;
}

export function systemEngine(backend: SystemSpeechBackend, settings: SystemVoiceSettings): SpeechEngine {
  return {
    id: 'system',
    audio: pcmFormat(backend.sampleRate),
    speak: (segments, signal) => speakWithSystemVoice(backend, settings, segments, signal),
  };
}

async function* speakWithSystemVoice(
  backend: SystemSpeechBackend,
  settings: SystemVoiceSettings,
  segments: Iterable<SpeechSegment>,
  signal: AbortSignal,
): AsyncGenerator<EngineEvent> {
  const bytesPerSecond = backend.sampleRate * 2;
  let totalBytes = 0;
  let tempDir: string | undefined;
  try {
    let segmentIndex = -1;
    for (const segment of segments) {
      segmentIndex++;
      if (signal.aborted) {
        return;
      }
      yield { kind: 'segment', index: segmentIndex, startSeconds: totalBytes / bytesPerSecond };
      for (const sentence of splitSentences(segment.text)) {
        const text = textForEngine(segment.text.slice(sentence.start, sentence.end));
        const startSeconds = totalBytes / bytesPerSecond;
        yield { kind: 'sentence', segmentIndex, textStart: sentence.start, textEnd: sentence.end, startSeconds };
        if (backend.writesFile && tempDir === undefined) {
          tempDir = await mkdtemp(join(tmpdir(), 'read-aloud-'));
        }
        const command = backend.synthesisCommand(settings, tempDir === undefined ? undefined : join(tempDir, 'sentence.wav'));
        const report: ProcessReport = { stderr: '' };
        const wav = backend.output === 'wav' ? new WavStreamReader() : undefined;
        const pending = new SampleAligner();
        let format: number | undefined;
        for await (const bytes of runSpeechProcess(command, text, signal, backend.missingMessage, report)) {
          const samples = wav ? wav.push(bytes) : bytes;
          if (wav?.format && format === undefined) {
            format = wav.format.sampleRate;
            if (format !== backend.sampleRate) {
              throw new SpeechError(
                'engine',
                l10n.t(
                  'The system voice speaks at {0} Hz; Read Aloud plays {1} Hz. Choose another voice in readAloud.systemVoice.',
                  format,
                  backend.sampleRate,
                ),
              );
            }
          }
          for (const chunk of pending.push(samples)) {
            if (signal.aborted) {
              return; // one read can hold several chunks: none of them after a stop
            }
            totalBytes += chunk.length;
            yield { kind: 'audio', chunk };
          }
        }
        if (signal.aborted) {
          return;
        }
        for (const mark of backend.wordMarks?.(report.stderr) ?? []) {
          if (mark.textEnd <= text.length) {
            yield {
              kind: 'word',
              segmentIndex,
              text: text.slice(mark.textStart, mark.textEnd),
              textStart: sentence.start + mark.textStart,
              textEnd: sentence.start + mark.textEnd,
              startSeconds: startSeconds + mark.offsetSeconds,
              durationSeconds: 0,
            };
          }
        }
      }
    }
  } finally {
    if (tempDir !== undefined) {
      await rm(tempDir, { recursive: true, force: true });
    }
  }
}

/** Cuts sample bytes into pieces of whole samples, at most MAX_PCM_CHUNK_BYTES, carrying an odd byte over. */
class SampleAligner {
  private carry: number | undefined;

  *push(bytes: Uint8Array): Generator<Uint8Array> {
    let data = bytes;
    if (this.carry !== undefined && data.length > 0) {
      const joined = new Uint8Array(data.length + 1);
      joined[0] = this.carry;
      joined.set(data, 1);
      data = joined;
      this.carry = undefined;
    }
    const usable = data.length - (data.length % 2);
    if (usable < data.length) {
      this.carry = data[data.length - 1];
    }
    for (let at = 0; at < usable; at += MAX_PCM_CHUNK_BYTES) {
      // A copy: the process's buffer may be pooled, and the chunk is transferred to the webview.
      yield data.slice(at, Math.min(usable, at + MAX_PCM_CHUNK_BYTES));
    }
  }
}
