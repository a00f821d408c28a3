import type * as vscode from 'vscode';
import { readEngineSettings, readHighlightSettings, readSpeechSettings, readTextSettings } from '../config';
import { readingVoiceFor } from '../voices/readingVoice';
import { PlanBuilder } from './planBuilder';
import { announceVoiceFallback, showSettingWarning } from './readingNotices';

/** The plan builder readings and exports share, reading VS Code's settings and warning in its notifications. */
export type EditorPlanBuilder = PlanBuilder<vscode.TextDocument>;

export function createPlanBuilder(
  log: vscode.LogOutputChannel,
  /** The voice to use when the service no longer offers the chosen one (voiceFallback.ts). */
  voiceFallback?: (rejectedVoice: string) => Promise<string | undefined>,
): EditorPlanBuilder {
  return new PlanBuilder<vscode.TextDocument>({
    readTextSettings,
    readHighlightSettings,
    readSpeechSettings: () => readSpeechSettings(),
    readEngineSettings,
    voiceFor: (languageId, sample, defaultVoice) => readingVoiceFor({ languageId }, sample, defaultVoice, log),
    warn: showSettingWarning,
    announceVoiceFallback,
    ...(voiceFallback ? { voiceFallback } : {}),
    log: (line) => log.warn(line),
  });
}
