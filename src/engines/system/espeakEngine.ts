// Linux: espeak-ng (Debian package espeak-ng). It writes a WAV stream to stdout as it speaks.

import * as l10n from '../../shared/l10n';
import { clamp, type SystemSpeechBackend, type SystemVoice } from './systemBackend';

/** espeak-ng's default speed in words per minute. */
const NORMAL_WPM = 175;

export const espeakBackend: SystemSpeechBackend = {
  name: 'espeak-ng',
  get missingMessage() {
    return l10n.t(
      'The system voice needs espeak-ng, which is not installed. Install the package "espeak-ng" (for example: sudo apt install espeak-ng), or set readAloud.engine to "edge".',
    );
  },
  sampleRate: 22050,
  output: 'wav',
  writesFile: false,
  synthesisCommand(settings) {
    return {
      program: 'espeak-ng',
      args: [
        '--stdout',
        '-b',
        '1', // the text is UTF-8
        '-s',
        String(Math.round(clamp(NORMAL_WPM * settings.speed, 80, 4 * NORMAL_WPM))),
        '-p',
        String(Math.round(clamp(50 + settings.pitchHz, 0, 99))),
        '-a',
        String(Math.round(clamp(settings.volumePercent, 0, 200))),
        ...(settings.voice ? ['-v', settings.voice] : []),
        '--stdin', // the whole text from stdin at once, not line by line
      ],
    };
  },
  voicesCommand() {
    return { program: 'espeak-ng', args: ['--voices'] };
  },
  parseVoices: parseEspeakVoices,
};

/**
 * `espeak-ng --voices` prints a header, then one voice a line:
 * ` 5  en-us           --/M      English_(America)  gmw/en-US            (en 10)`.
 * The language column is what `-v` takes.
 */
export function parseEspeakVoices(stdout: string): SystemVoice[] {
  const voices: SystemVoice[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^\s*\d+\s+(\S+)\s+(\S+)\s+(\S+)\s+\S+/.exec(line);
    if (!match) {
      continue; // the header, or a blank line
    }
    const [, language, ageGender, voiceName] = match as unknown as [string, string, string, string];
    const gender = ageGender.endsWith('/F') ? 'female' : ageGender.endsWith('/M') ? 'male' : '';
    voices.push({
      name: language,
      language: normaliseLanguage(language),
      description: [voiceName.replace(/_/g, ' '), gender].filter(Boolean).join(', '),
    });
  }
  return voices;
}

/** `en-us` → `en-US`, `sr-latn` → `sr-Latn`. */
function normaliseLanguage(tag: string): string {
  return tag
    .split('-')
    .map((part, index) =>
      index === 0
        ? part.toLowerCase()
        : part.length === 2
          ? part.toUpperCase()
          : part.length === 4
            ? part[0]?.toUpperCase() + part.slice(1).toLowerCase()
            : part,
    )
    .join('-');
}
