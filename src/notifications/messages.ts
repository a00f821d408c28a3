// Every notification, status bar message and picker title that carries text Read Aloud did not write — a
// setting's value, a file name, a message from the speech service — is built here, through
// `untrustedText`, so one test can drive them all with hostile values. Pure: no vscode.

import { isValidVoiceName } from '../settings/speechSettings';
import { untrustedText } from './untrustedText';

/** Error messages are ours, but may quote the service (a close reason): room for a sentence, no more. */
const MAX_ERROR_LENGTH = 300;
const MAX_FILE_NAME_LENGTH = 120;

/** A problem with a setting, worded by the settings validators (which never quote a value raw). */
export function settingProblemMessage(problem: string): string {
  return `Read Aloud: ${untrustedText(problem, MAX_ERROR_LENGTH)}`;
}

/** A reading failed; `message` is the SpeechError's, which may carry the service's close reason. */
export function speechFailedMessage(message: string): string {
  return `Read Aloud: ${untrustedText(message, MAX_ERROR_LENGTH)}`;
}

/**
 * The voice was saved for the user, but the workspace's own `readAloud.voice` still wins there. The
 * workspace's value is named only if it is a voice name: it comes from a file the repository chose.
 */
export function workspaceVoiceOverrideMessage(saved: string, override: unknown): string {
  const savedName = isValidVoiceName(saved) ? saved : 'the voice';
  const overrideName = typeof override === 'string' && isValidVoiceName(override.trim()) ? override.trim() : 'a different voice';
  return `Read Aloud: saved ${savedName} as your voice, but this workspace's settings choose ${overrideName}, which still applies here.`;
}

/** Status bar confirmation of a saved voice. */
export function voiceSavedStatus(voice: string): string {
  return `Read Aloud: voice ${isValidVoiceName(voice) ? voice : 'saved'}`;
}

/** The picker's title when a voice's sample could not be played. */
export function previewFailedTitle(title: string, voiceName: string, errorMessage: string): string {
  return `${title} — ${untrustedText(voiceName, 40)}: ${untrustedText(errorMessage, 160)}`;
}

export function voiceListFailedMessage(errorMessage: string): string {
  return `Read Aloud: couldn't get the list of voices. ${untrustedText(errorMessage, MAX_ERROR_LENGTH)}`;
}

/** The user chose the file, but its default name came from the document's, which a repository chose. */
export function exportSavedMessage(fileName: string): string {
  return `Read Aloud: saved ${untrustedText(fileName, MAX_FILE_NAME_LENGTH)}.`;
}

export function exportFailedMessage(fileName: string, errorMessage: string): string {
  return `Read Aloud: couldn't save ${untrustedText(fileName, MAX_FILE_NAME_LENGTH)}. ${untrustedText(errorMessage, MAX_ERROR_LENGTH)}`;
}

/** The progress notification's title while saving. */
export function exportProgressTitle(fileName: string): string {
  return `Read Aloud: saving ${untrustedText(fileName, MAX_FILE_NAME_LENGTH)}`;
}

/** Pronunciations were applied only up to the growth limit (see maxPronunciationGrowth). */
export const PRONUNCIATION_LIMIT_MESSAGE =
  'Read Aloud: your pronunciations would make this text more than three times as long, so only the first of them were applied and the rest of the text is read as written. Check readAloud.pronunciations.';

/**
 * Saving a setting failed (most often the settings file has an error VS Code will not write past). The
 * error's own words follow, made inert: they may quote the file.
 */
export function settingWriteFailedMessage(setting: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `Read Aloud: couldn't save ${setting} in your user settings. ${untrustedText(reason, MAX_ERROR_LENGTH)}`;
}
