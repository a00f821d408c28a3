// macOS: `say`. It cannot write WAV to a pipe (it seeks back to fill in the header), so it writes a file,
// which is read once the sentence is done. Not run here (Linux); the command line is unit-tested.

import * as l10n from '../../shared/l10n';
import { clamp, type SystemSpeechBackend, type SystemVoice } from './systemBackend';

/** say's default speed in words per minute. */
const NORMAL_WPM = 175;
export const SAY_SAMPLE_RATE = 22050;

export const sayBackend: SystemSpeechBackend = {
  name: 'say',
  get missingMessage() {
    return l10n.t('The system voice needs macOS\'s "say" command, which was not found at /usr/bin/say. Set readAloud.engine to "edge".');
  },
  sampleRate: SAY_SAMPLE_RATE,
  output: 'wav',
  writesFile: true,
  synthesisCommand(settings, outputFile) {
    if (outputFile === undefined) {
      throw new Error('say needs an output file');
    }
    return {
      program: '/usr/bin/say',
      args: [
        '-o',
        outputFile,
        '--file-format=WAVE',
        `--data-format=LEI16@${SAY_SAMPLE_RATE}`,
        '-r',
        String(Math.round(clamp(NORMAL_WPM * settings.speed, 80, 4 * NORMAL_WPM))),
        ...(settings.voice ? ['-v', settings.voice] : []),
        '-f',
        '-', // the text from stdin
      ],
    };
  },
  voicesCommand() {
    return { program: '/usr/bin/say', args: ['-v', '?'] };
  },
  parseVoices: parseSayVoices,
};

/**
 * `say -v '?'` prints one voice a line: name (which may contain spaces and parentheses), locale, `#`, a sample:
 * `Eddy (English (US)) en_US    # Hello! My name is Eddy.`
 */
export function parseSayVoices(stdout: string): SystemVoice[] {
  const voices: SystemVoice[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^(.+?)\s+([a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*)\s+#\s?(.*)$/.exec(line);
    if (!match) {
      continue;
    }
    const [, name, locale, sample] = match as unknown as [string, string, string, string];
    voices.push({ name: name.trim(), language: locale.replace(/_/g, '-'), description: sample.trim().slice(0, 120) });
  }
  return voices;
}
