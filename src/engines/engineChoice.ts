// Which engine speaks a reading, and when Edge's failure hands it to the system voice. Pure: no vscode import.

import * as l10n from '../shared/l10n';
import type { SpeechError } from '../speech/speechError';
import { isValidSystemVoiceName } from './system/systemBackend';
import type { EngineId } from './speechEngine';

/** `readAloud.engine`. */
export type EngineMode = 'auto' | 'edge' | 'system';

export const ENGINE_MODES: readonly EngineMode[] = ['auto', 'edge', 'system'];

/** After Edge failed, `auto` readings use the system voice this long before trying Edge again by themselves. */
export const FALLBACK_HOLD_MS = 10 * 60_000;

export interface EngineSettings {
  readonly mode: EngineMode;
  /** `readAloud.systemVoice`; undefined for the engine's default voice. */
  readonly systemVoice: string | undefined;
}

export function validateEngineSettings(raw: { engine: unknown; systemVoice: unknown }): { settings: EngineSettings; problems: string[] } {
  const problems: string[] = [];
  let mode: EngineMode = 'auto';
  if (ENGINE_MODES.includes(raw.engine as EngineMode)) {
    mode = raw.engine as EngineMode;
  } else if (raw.engine !== undefined) {
    problems.push(l10n.t('readAloud.engine must be one of {0}; using auto.', ENGINE_MODES.join(', ')));
  }
  let systemVoice: string | undefined;
  if (typeof raw.systemVoice === 'string' && raw.systemVoice.trim() !== '') {
    const name = raw.systemVoice.trim();
    if (isValidSystemVoiceName(name)) {
      systemVoice = name;
    } else {
      problems.push(
        l10n.t(
          "readAloud.systemVoice is not a voice name (letters, digits, spaces, . _ ( ) + / ' -, at most 100); using the default system voice.",
        ),
      );
    }
  } else if (raw.systemVoice !== undefined && raw.systemVoice !== '') {
    problems.push(l10n.t('readAloud.systemVoice must be a voice name; using the default system voice.'));
  }
  return { settings: { mode, systemVoice }, problems };
}

/** The engine a new reading starts with: `auto` stays on the system voice for a while after Edge failed. */
export function engineForReading(mode: EngineMode, edgeFailedAt: number | undefined, now: number): EngineId {
  if (mode === 'auto') {
    return edgeFailedAt !== undefined && now - edgeFailedAt < FALLBACK_HOLD_MS ? 'system' : 'edge';
  }
  return mode;
}

/**
 * Whether this Edge failure moves an `auto` reading to the system voice: Edge could not be reached or kept
 * refusing after its own retries. A rejection (an unknown voice, bad settings) is the user's to fix, not an
 * outage, so it is reported instead.
 */
export function fallsBackToSystemVoice(mode: EngineMode, error: SpeechError): boolean {
  return mode === 'auto' && error.kind !== 'rejected' && error.kind !== 'engine';
}

/**
 * The notification that the system voice (`systemVoiceName`, e.g. espeak-ng) took a reading over: why Edge
 * was left, in our own wording only (never the server's text). One whole sentence per reason, so each
 * translates as a sentence.
 */
export function edgeFallbackMessage(error: SpeechError, systemVoiceName: string): string {
  switch (error.kind) {
    case 'forbidden':
      return l10n.t(
        "Read Aloud: Microsoft Edge's speech service refused the connection, so the reading goes on with the system voice ({0}).",
        systemVoiceName,
      );
    case 'timeout':
    case 'network':
      return l10n.t(
        "Read Aloud: Microsoft Edge's speech service can't be reached, so the reading goes on with the system voice ({0}).",
        systemVoiceName,
      );
    default:
      return l10n.t(
        "Read Aloud: Microsoft Edge's speech service stopped answering, so the reading goes on with the system voice ({0}).",
        systemVoiceName,
      );
  }
}
