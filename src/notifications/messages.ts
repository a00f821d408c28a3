// Every notification, status bar message and picker title that carries text Read Aloud did not write — a
// setting's value, a file name, a message from the speech service — is built here, through
// `untrustedText`, so one test can drive them all with hostile values. Pure: no vscode (l10n.t is wired to
// vscode.l10n.t at activation). The untrusted values are sanitised before they become arguments: a
// translation changes only our words around them.

import { isValidVoiceName } from '../settings/speechSettings';
import * as l10n from '../shared/l10n';
import { untrustedText } from './untrustedText';

/** Error messages are ours, but may quote the service (a close reason): room for a sentence, no more. */
const MAX_ERROR_LENGTH = 300;
const MAX_FILE_NAME_LENGTH = 120;

/** A problem with a setting, worded by the settings validators (which never quote a value raw). */
export function settingProblemMessage(problem: string): string {
  return l10n.t('Read Aloud: {0}', untrustedText(problem, MAX_ERROR_LENGTH));
}

/** A reading failed; `message` is the SpeechError's, which may carry the service's close reason. */
export function speechFailedMessage(message: string): string {
  return l10n.t('Read Aloud: {0}', untrustedText(message, MAX_ERROR_LENGTH));
}

/**
 * The voice was saved for the user, but the workspace's own `readAloud.voice` still wins there. The
 * workspace's value is named only if it is a voice name: it comes from a file the repository chose.
 */
export function workspaceVoiceOverrideMessage(saved: string, override: unknown): string {
  const savedName = isValidVoiceName(saved) ? saved : undefined;
  const overrideName = typeof override === 'string' && isValidVoiceName(override.trim()) ? override.trim() : undefined;
  // Whole sentences for each case: a translation cannot be assembled from English fragments.
  if (savedName !== undefined && overrideName !== undefined) {
    return l10n.t(
      "Read Aloud: saved {0} as your voice, but this workspace's settings choose {1}, which still applies here.",
      savedName,
      overrideName,
    );
  }
  if (savedName !== undefined) {
    return l10n.t(
      "Read Aloud: saved {0} as your voice, but this workspace's settings choose a different voice, which still applies here.",
      savedName,
    );
  }
  if (overrideName !== undefined) {
    return l10n.t(
      "Read Aloud: saved the voice as your voice, but this workspace's settings choose {0}, which still applies here.",
      overrideName,
    );
  }
  return l10n.t(
    "Read Aloud: saved the voice as your voice, but this workspace's settings choose a different voice, which still applies here.",
  );
}

/** Status bar confirmation of a saved voice. */
export function voiceSavedStatus(voice: string): string {
  return isValidVoiceName(voice) ? l10n.t('Read Aloud: voice {0}', voice) : l10n.t('Read Aloud: voice saved');
}

/** The picker's title when a voice's sample could not be played. */
export function previewFailedTitle(title: string, voiceName: string, errorMessage: string): string {
  return l10n.t('{0} — {1}: {2}', title, untrustedText(voiceName, 40), untrustedText(errorMessage, 160));
}

export function voiceListFailedMessage(errorMessage: string): string {
  return l10n.t("Read Aloud: couldn't get the list of voices. {0}", untrustedText(errorMessage, MAX_ERROR_LENGTH));
}

/** The user chose the file, but its default name came from the document's, which a repository chose. */
export function exportSavedMessage(fileName: string): string {
  return l10n.t('Read Aloud: saved {0}.', untrustedText(fileName, MAX_FILE_NAME_LENGTH));
}

export function exportFailedMessage(fileName: string, errorMessage: string): string {
  return l10n.t(
    "Read Aloud: couldn't save {0}. {1}",
    untrustedText(fileName, MAX_FILE_NAME_LENGTH),
    untrustedText(errorMessage, MAX_ERROR_LENGTH),
  );
}

/** The progress notification's title while saving. */
export function exportProgressTitle(fileName: string): string {
  return l10n.t('Read Aloud: saving {0}', untrustedText(fileName, MAX_FILE_NAME_LENGTH));
}

/**
 * Pronunciations were applied only up to the growth limit (see maxPronunciationGrowth). A getter, not a
 * constant: the text is looked up when shown, after activation has wired the translator.
 */
export function pronunciationLimitMessage(): string {
  return l10n.t(
    'Read Aloud: your pronunciations would make this text more than three times as long, so only the first of them were applied and the rest of the text is read as written. Check readAloud.pronunciations.',
  );
}

/**
 * Saving a setting failed (most often the settings file has an error VS Code will not write past). The
 * error's own words follow, made inert: they may quote the file.
 */
export function settingWriteFailedMessage(setting: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return l10n.t("Read Aloud: couldn't save {0} in your user settings. {1}", setting, untrustedText(reason, MAX_ERROR_LENGTH));
}
