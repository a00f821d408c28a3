// What differs between the operating systems' speech engines: the command line, how the audio comes out,
// and how their voice lists and word positions read. Pure: no vscode import, nothing spawned here.

import type { SpeechCommand } from './spawnSpeech';

/** The user's speech settings as a system engine takes them. */
export interface SystemVoiceSettings {
  /** The engine's own voice name (`readAloud.systemVoice`); undefined for the engine's default voice. */
  readonly voice: string | undefined;
  /** 1 = normal. */
  readonly speed: number;
  readonly pitchHz: number;
  readonly volumePercent: number;
}

/** A voice the system engine offers. */
export interface SystemVoice {
  /** What the engine is given to pick it (`-v` for espeak-ng and say, SelectVoice for SAPI). */
  readonly name: string;
  /** BCP 47-ish language tag, e.g. `en-US`. */
  readonly language: string;
  /** A few words for the picker (gender, description); never shown as markup. */
  readonly description: string;
}

/** A word the engine reported: where it is in the text it was given, and when it is heard. */
export interface WordMark {
  readonly textStart: number;
  readonly textEnd: number;
  readonly offsetSeconds: number;
}

export interface SystemSpeechBackend {
  /** Shown in messages and the log, e.g. "espeak-ng". */
  readonly name: string;
  /** Said when the program cannot be found: what to install. In the display language (read when needed). */
  readonly missingMessage: string;
  /** Every sentence's audio is 16-bit mono PCM at this rate. */
  readonly sampleRate: number;
  /** `wav`: a WAV stream or file; `pcm`: raw samples. */
  readonly output: 'wav' | 'pcm';
  /** Whether the audio comes in a file (its path is passed to `synthesisCommand`) rather than on stdout. */
  readonly writesFile: boolean;
  /** The command that speaks one piece of text, given on stdin. */
  synthesisCommand(settings: SystemVoiceSettings, outputFile?: string): SpeechCommand;
  /** Word positions from the finished process's stderr, for engines that report them. */
  wordMarks?(stderr: string): WordMark[];
  voicesCommand(): SpeechCommand;
  parseVoices(stdout: string): SystemVoice[];
}

/** `readAloud.systemVoice`: a name the engines use, never something an argument parser could take for an option. */
const SYSTEM_VOICE_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._()+/'-]{0,99}$/u;

export function isValidSystemVoiceName(name: string): boolean {
  return SYSTEM_VOICE_PATTERN.test(name);
}

/**
 * The text as every engine should get it: control characters (which some engines choke on or read as
 * commands) become spaces, and `[[`, which espeak-ng reads as phonemes and macOS `say` as embedded commands,
 * is broken up. Same length as the input, so offsets into it stay offsets into the original.
 */
export function textForEngine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, ' ').replace(/\[(?=\[)/g, '(');
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
