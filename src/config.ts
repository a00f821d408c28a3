import * as vscode from 'vscode';
import { validateSpeechSettings, type ValidatedSettings } from './settings/speechSettings';
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

export function affectsSpeechSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(CONFIG_SECTION);
}

/** Opens the Settings editor filtered to one of our settings. */
export function openSetting(name: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', `${CONFIG_SECTION}.${name}`);
}
