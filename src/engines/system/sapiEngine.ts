// Windows: SAPI through PowerShell's System.Speech. A fixed script (sent base64-encoded, so no quoting can
// go wrong) reads the text from stdin and the settings from environment variables: nothing the user wrote
// is ever spliced into the script. It writes raw 16-bit PCM to stdout and one line per spoken word to
// stderr: `word <character position> <character count> <audio position in ms>`. Not run here (Linux); the
// command line and the parsing are unit-tested.

import * as l10n from '../../shared/l10n';
import { clamp, type SystemSpeechBackend, type SystemVoice, type WordMark } from './systemBackend';

export const SAPI_SAMPLE_RATE = 22050;

/** The synthesis script. SpeakProgress events are queued with Register-ObjectEvent and written after Speak returns. */
export const SAPI_SPEAK_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'Add-Type -AssemblyName System.Speech',
  '[Console]::InputEncoding = New-Object System.Text.UTF8Encoding $false',
  '$text = [Console]::In.ReadToEnd()',
  '$synth = New-Object System.Speech.Synthesis.SpeechSynthesizer',
  'if ($env:READ_ALOUD_VOICE) { $synth.SelectVoice($env:READ_ALOUD_VOICE) }',
  '$synth.Rate = [int]$env:READ_ALOUD_RATE',
  '$synth.Volume = [int]$env:READ_ALOUD_VOLUME',
  `$format = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo ${SAPI_SAMPLE_RATE}, ([System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen), ([System.Speech.AudioFormat.AudioChannel]::Mono)`,
  '$wave = New-Object System.IO.MemoryStream',
  '$synth.SetOutputToAudioStream($wave, $format)',
  '$null = Register-ObjectEvent -InputObject $synth -EventName SpeakProgress -SourceIdentifier ReadAloudWord',
  '$synth.Speak($text)',
  '$synth.SetOutputToNull()',
  '$err = [Console]::Error',
  'foreach ($e in @(Get-Event -SourceIdentifier ReadAloudWord)) { $a = $e.SourceEventArgs; $err.WriteLine("word $($a.CharacterPosition) $($a.CharacterCount) $([int]$a.AudioPosition.TotalMilliseconds)") }',
  '$out = [Console]::OpenStandardOutput()',
  '$out.Write($wave.GetBuffer(), 0, [int]$wave.Length)',
  '$out.Flush()',
].join('\n');

/** Lists the installed voices, one a line: name, culture, gender, description, separated by tabs. */
export const SAPI_VOICES_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  'Add-Type -AssemblyName System.Speech',
  '[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false',
  '$synth = New-Object System.Speech.Synthesis.SpeechSynthesizer',
  'foreach ($v in $synth.GetInstalledVoices()) { if ($v.Enabled) { $i = $v.VoiceInfo; [Console]::Out.WriteLine("$($i.Name)`t$($i.Culture.Name)`t$($i.Gender)`t$($i.Description)") } }',
].join('\n');

export const sapiBackend: SystemSpeechBackend = {
  name: 'Windows SAPI',
  get missingMessage() {
    return l10n.t('The system voice needs Windows PowerShell (powershell.exe), which was not found. Set readAloud.engine to "edge".');
  },
  sampleRate: SAPI_SAMPLE_RATE,
  output: 'pcm',
  writesFile: false,
  synthesisCommand(settings) {
    return {
      program: powershellPath(process.env.SystemRoot),
      args: powershellArgs(SAPI_SPEAK_SCRIPT),
      env: {
        READ_ALOUD_VOICE: settings.voice ?? '',
        READ_ALOUD_RATE: String(sapiRate(settings.speed)),
        READ_ALOUD_VOLUME: String(Math.round(clamp(settings.volumePercent, 0, 100))),
      },
    };
  },
  wordMarks: parseSapiWordMarks,
  voicesCommand() {
    return { program: powershellPath(process.env.SystemRoot), args: powershellArgs(SAPI_VOICES_SCRIPT) };
  },
  parseVoices: parseSapiVoices,
};

/** Windows PowerShell by its full path, so a `powershell.exe` in the workspace folder is never the one started. */
export function powershellPath(systemRoot: string | undefined): string {
  return systemRoot ? `${systemRoot}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe` : 'powershell.exe';
}

export function powershellArgs(script: string): string[] {
  return [
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

/** SAPI's Rate runs from -10 to 10, about a third to three times the normal speed. */
export function sapiRate(speed: number): number {
  return Math.round(clamp((10 * Math.log(speed)) / Math.log(3), -10, 10));
}

export function parseSapiWordMarks(stderr: string): WordMark[] {
  const marks: WordMark[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    const match = /^word (\d+) (\d+) (\d+)$/.exec(line.trim());
    if (!match) {
      continue;
    }
    const textStart = Number(match[1]);
    const count = Number(match[2]);
    if (count > 0) {
      marks.push({ textStart, textEnd: textStart + count, offsetSeconds: Number(match[3]) / 1000 });
    }
  }
  return marks;
}

export function parseSapiVoices(stdout: string): SystemVoice[] {
  const voices: SystemVoice[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const [name, culture, gender, description] = line.split('\t');
    if (!name?.trim() || culture === undefined) {
      continue;
    }
    voices.push({
      name: name.trim(),
      language: culture.trim(),
      description: [description?.trim(), gender?.trim().toLowerCase()].filter((part) => part && part !== 'notset').join(', '),
    });
  }
  return voices;
}
