// Validation of the user's speech settings. Pure: the values arrive from config.ts, which reads VS Code's
// configuration. Every value ends up inside an SSML attribute that msedge-tts builds without escaping,
// so nothing reaches it that has not matched a strict pattern or been rendered from a number here.

import { plainSettingValue } from '../notifications/untrustedText';
import * as l10n from '../shared/l10n';
import type { VoiceOptions } from '../speech/edgeRequest';

export interface SpeechSettings {
  /** Edge voice short name, e.g. `en-US-AvaNeural`. */
  readonly voice: string;
  /** Speed multiplier, 1 = normal. */
  readonly speed: number;
  /** Pitch shift in Hz, 0 = the voice's own. */
  readonly pitchHz: number;
  /** Loudness in percent of the voice's own, 0–100. */
  readonly volumePercent: number;
}

export const DEFAULT_SPEECH_SETTINGS: SpeechSettings = {
  voice: 'en-US-AvaNeural',
  speed: 1,
  pitchHz: 0,
  volumePercent: 100,
};

export const SPEED_RANGE = { min: 0.5, max: 4 } as const;
export const PITCH_RANGE = { min: -50, max: 50 } as const;
export const VOLUME_RANGE = { min: 0, max: 100 } as const;
/** The fastest rate the service is asked for; beyond it the player speeds up playback instead. */
export const MAX_SERVICE_SPEED = 2;

/** Locale, optional script, region, name: `en-US-AvaNeural`, `zh-CN-liaoning-XiaobeiNeural`, `iu-Cans-CA-SiqiniqNeural`. */
const VOICE_PATTERN = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-[A-Z]{2}(?:-[a-z]+)?-[A-Za-z0-9]+$/;

export function isValidVoiceName(voice: string): boolean {
  return VOICE_PATTERN.test(voice);
}

export interface SettingsProblem {
  readonly setting: 'voice' | 'speed' | 'pitch' | 'volume';
  readonly message: string;
}

export interface ValidatedSettings {
  readonly settings: SpeechSettings;
  /** One entry per invalid value; that value was replaced by its default. */
  readonly problems: readonly SettingsProblem[];
}

export interface RawSpeechSettings {
  readonly voice: unknown;
  readonly speed: unknown;
  readonly pitch: unknown;
  readonly volume: unknown;
}

export function validateSpeechSettings(raw: RawSpeechSettings): ValidatedSettings {
  const problems: SettingsProblem[] = [];
  const d = DEFAULT_SPEECH_SETTINGS;

  let voice = d.voice;
  if (typeof raw.voice === 'string' && isValidVoiceName(raw.voice.trim())) {
    voice = raw.voice.trim();
  } else if (raw.voice !== undefined && raw.voice !== '') {
    // The value is quoted only if it looks like a (mistyped) name: a workspace's settings file chose it.
    const shown = plainSettingValue(raw.voice);
    problems.push({
      setting: 'voice',
      message:
        shown === undefined
          ? l10n.t('readAloud.voice is not an Edge voice name (like {0}); using {0}.', d.voice)
          : l10n.t('"{0}" is not an Edge voice name (like {1}); using {1}.', shown, d.voice),
    });
  }

  // `unit` is a symbol (×, Hz, %), the same in every language.
  const number = (
    setting: SettingsProblem['setting'],
    value: unknown,
    range: { min: number; max: number },
    fallback: number,
    unit: string,
  ) => {
    if (value === undefined) {
      return fallback;
    }
    if (typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max) {
      return value;
    }
    problems.push({
      setting,
      message:
        typeof value === 'number' && Number.isFinite(value)
          ? l10n.t('{0} is outside {1}–{2}{3}; using {4}{3}.', value, range.min, range.max, unit, fallback)
          : l10n.t('readAloud.{0} must be a number from {1} to {2}{3}; using {4}{3}.', setting, range.min, range.max, unit, fallback),
    });
    return fallback;
  };

  const speed = number('speed', raw.speed, SPEED_RANGE, d.speed, '×');
  const pitchHz = Math.round(number('pitch', raw.pitch, PITCH_RANGE, d.pitchHz, ' Hz'));
  const volumePercent = Math.round(number('volume', raw.volume, VOLUME_RANGE, d.volumePercent, '%'));
  return { settings: { voice, speed, pitchHz, volumePercent }, problems };
}

/** How a speed is split between the service's prosody rate and the player's playback rate. */
export interface SpeedPlan {
  /** SSML prosody rate, e.g. `+50%`. */
  readonly serviceRate: string;
  /** `HTMLMediaElement.playbackRate`, 1 unless the speed exceeds what the service does. */
  readonly playbackRate: number;
}

export function planSpeed(speed: number): SpeedPlan {
  const serviceSpeed = Math.min(speed, MAX_SERVICE_SPEED);
  const percent = Math.round((serviceSpeed - 1) * 100);
  return {
    serviceRate: `${percent >= 0 ? '+' : ''}${percent}%`,
    playbackRate: Math.round((speed / serviceSpeed) * 1000) / 1000,
  };
}

function signed(value: number, unit: string): string {
  return `${value >= 0 ? '+' : ''}${value}${unit}`;
}

/** The prosody attributes for the request, in the forms Edge's own clients send. */
export function voiceOptionsFor(settings: SpeechSettings): VoiceOptions {
  return {
    voice: settings.voice,
    rate: planSpeed(settings.speed).serviceRate,
    pitch: signed(settings.pitchHz, 'Hz'),
    volume: signed(settings.volumePercent - 100, '%'),
  };
}
