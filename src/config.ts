import * as vscode from 'vscode';
import { validateEngineSettings, type EngineSettings } from './engines/engineChoice';
import { settingWriteFailedMessage } from './notifications/messages';
import type { TextSettings } from './reading/passagePreparer';
import { validateHighlightSettings, type HighlightSettings } from './settings/highlightSettings';
import { validateSpeechSettings, type ValidatedSettings } from './settings/speechSettings';
import { validatePronunciations } from './text/pronunciation';
import { validateVoicesByLanguage, type ValidatedVoicesByLanguage } from './voices/languageVoices';

/** The extension's configuration section; every setting is declared in package.json under it. */
export const CONFIG_SECTION = 'readAloud';

/** Reads and validates the speech settings. Invalid values are replaced by defaults and reported. */
export function readSpeechSettings(scope?: vscode.ConfigurationScope): ValidatedSettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return validateSpeechSettings({
    voice: config.get<unknown>('voice'),
    speed: config.get<unknown>('speed'),
    pitch: config.get<unknown>('pitch'),
    volume: config.get<unknown>('volume'),
  });
}

/** `readAloud.voicesByLanguage`, validated: entries that are not a language and a voice name are left out and reported. */
export function readVoicesByLanguage(scope?: vscode.ConfigurationScope): ValidatedVoicesByLanguage {
  return validateVoicesByLanguage(vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<unknown>('voicesByLanguage'));
}

/** How text becomes speech: code blocks, code files, pronunciations. Invalid values fall back and are reported. */
export function readTextSettings(scope?: vscode.ConfigurationScope): { settings: TextSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const problems: string[] = [];
  const codeBlocks = config.get<unknown>('markdown.codeBlocks');
  const codeFiles = config.get<unknown>('codeFiles');
  const pronunciations = validatePronunciations(config.get<unknown>('pronunciations') ?? []);
  const rawCodeSpeech = config.get<unknown>('speakCodeNaturally');
  const codeSpeech = typeof rawCodeSpeech === 'boolean' ? rawCodeSpeech : true;
  if (rawCodeSpeech !== undefined && typeof rawCodeSpeech !== 'boolean') {
    problems.push(vscode.l10n.t('readAloud.speakCodeNaturally must be true or false; using true.'));
  }
  problems.push(...pronunciations.problems.map((p) => vscode.l10n.t('readAloud.pronunciations: {0}', p)));
  const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T, name: string): T => {
    if (allowed.includes(value as T)) {
      return value as T;
    }
    if (value !== undefined) {
      problems.push(vscode.l10n.t('readAloud.{0} must be one of {1}; using {2}.', name, allowed.join(', '), fallback));
    }
    return fallback;
  };
  return {
    settings: {
      codeBlocks: pick(codeBlocks, ['skip', 'announce', 'read'], 'announce', 'markdown.codeBlocks'),
      tables: pick(config.get<unknown>('markdown.tables'), ['read', 'announce', 'skip'] as const, 'read', 'markdown.tables'),
      codeFiles: pick(codeFiles, ['comments', 'all'], 'comments', 'codeFiles'),
      pronunciations: pronunciations.rules,
      codeSpeech,
    },
    problems,
  };
}

/**
 * Saves one of our settings for the user (Global). A failure — usually a settings file with errors, which
 * VS Code will not write into — is shown as what it is, with a way to the file, instead of VS Code's
 * generic "command failed"; resolves false then.
 */
export async function saveUserSetting(name: string, value: unknown): Promise<boolean> {
  try {
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(name, value, vscode.ConfigurationTarget.Global);
    return true;
  } catch (error) {
    const openSettingsJson = vscode.l10n.t('Open User Settings (JSON)');
    void vscode.window.showErrorMessage(settingWriteFailedMessage(`${CONFIG_SECTION}.${name}`, error), openSettingsJson).then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('workbench.action.openSettingsJson');
      }
    });
    return false;
  }
}

/** `readAloud.highlight` and `readAloud.followInEditor`, validated (invalid values fall back and are reported). */
export function readHighlightSettings(scope?: vscode.ConfigurationScope): { settings: HighlightSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  return validateHighlightSettings({ highlight: config.get<unknown>('highlight'), followInEditor: config.get<unknown>('followInEditor') });
}

/** Opens the Settings editor filtered to one of our settings. */
export function openSetting(name: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.${name}`);
}

/** `readAloud.engine` and `readAloud.systemVoice`, validated; invalid values fall back and are reported. */
export function readEngineSettings(): { settings: EngineSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  return validateEngineSettings({ engine: config.get<unknown>('engine'), systemVoice: config.get<unknown>('systemVoice') });
}
