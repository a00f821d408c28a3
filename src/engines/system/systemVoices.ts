// The system engine's voices, as its own voice-list command prints them.

import { runSpeechProcess } from './spawnSpeech';
import type { SystemSpeechBackend, SystemVoice } from './systemBackend';

const LIST_TIMEOUT_MS = 10_000;

/** Lists the voices of `backend`; throws a SpeechError (kind 'engine') when the engine is missing or fails. */
export async function listSystemVoices(backend: SystemSpeechBackend, signal?: AbortSignal): Promise<SystemVoice[]> {
  const timeout = AbortSignal.timeout(LIST_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const chunks: Uint8Array[] = [];
  for await (const chunk of runSpeechProcess(backend.voicesCommand(), '', combined, backend.missingMessage)) {
    chunks.push(chunk);
  }
  return backend.parseVoices(Buffer.concat(chunks).toString('utf8'));
}
