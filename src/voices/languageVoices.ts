// `readAloud.voicesByLanguage`: which voice reads text in which language. The language comes from the
// document's language id when that is a language tag, else from the script the text is written in —
// scripts are unambiguous enough to act on; telling German from English is not, so Latin text keeps
// the user's voice. Pure: no vscode.

import { plainSettingValue, untrustedText } from '../notifications/untrustedText';
import { isValidVoiceName } from '../settings/speechSettings';
import * as l10n from '../shared/l10n';

/** Locale prefix (lower-cased, e.g. `de`, `pt-br`, `zh-tw`) → voice short name. */
export type VoicesByLanguage = Readonly<Record<string, string>>;

export interface ValidatedVoicesByLanguage {
  readonly voicesByLanguage: VoicesByLanguage;
  /** One message per entry left out. */
  readonly problems: readonly string[];
}

export interface LanguageVoiceSettings {
  /** `readAloud.voice`. */
  readonly defaultVoice: string;
  readonly voicesByLanguage: VoicesByLanguage;
}

/** `de`, `pt-BR`, `zh-Hant-TW`: a language subtag, then optional script/region/variant subtags. */
const LOCALE_PREFIX_PATTERN = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

export function validateVoicesByLanguage(raw: unknown): ValidatedVoicesByLanguage {
  if (raw === undefined || raw === null) {
    return { voicesByLanguage: {}, problems: [] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { voicesByLanguage: {}, problems: [l10n.t('must be an object such as {"de": "de-DE-KatjaNeural"}; ignored.')] };
  }
  const voicesByLanguage: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const prefix = key.trim();
    const voice = typeof value === 'string' ? value.trim() : '';
    if (!LOCALE_PREFIX_PATTERN.test(prefix)) {
      problems.push(l10n.t('"{0}" is not a language such as "de" or "pt-BR"; entry ignored.', untrustedText(key, 40)));
    } else if (!isValidVoiceName(voice)) {
      const shown = plainSettingValue(value);
      problems.push(
        shown === undefined
          ? l10n.t('The voice for "{0}" is not an Edge voice name (like de-DE-KatjaNeural); entry ignored.', prefix)
          : l10n.t('"{0}" for "{1}" is not an Edge voice name (like de-DE-KatjaNeural); entry ignored.', shown, prefix),
      );
    } else {
      voicesByLanguage[prefix.toLowerCase()] = voice;
    }
  }
  return { voicesByLanguage, problems };
}

type Script = 'Latin' | 'Han' | 'Kana' | 'Hangul' | 'Arabic' | 'Cyrillic' | 'Hebrew' | 'Devanagari' | 'Greek' | 'Thai';

const SCRIPTS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Thai', /\p{Script=Thai}/u],
];

/** Languages written in each script that Edge has voices for, most widely spoken first. */
const LANGUAGES_BY_SCRIPT: Readonly<Record<Exclude<Script, 'Latin' | 'Han' | 'Kana'>, readonly string[]>> = {
  Hangul: ['ko'],
  Arabic: ['ar', 'fa', 'ur', 'ps'],
  Cyrillic: ['ru', 'uk', 'bg', 'sr', 'kk', 'mk', 'mn'],
  Hebrew: ['he'],
  Devanagari: ['hi', 'mr', 'ne'],
  Greek: ['el'],
  Thai: ['th'],
};

/** Enough text to judge the script; a document's start is representative and scanning more costs time. */
const SAMPLE_LENGTH = 2000;
/** A script must make up this share of the letters: a few CJK words in an English file stay English. */
const DOMINANT_SHARE = 0.3;
/** Japanese mixes kana into Han; Chinese has none. A little kana is enough to tell them apart. */
const KANA_SHARE_FOR_JAPANESE = 0.05;

/**
 * The languages the text is likely in, judged by its dominant script (most likely first), or none when
 * the script does not narrow it down (Latin, or no clear majority).
 */
export function languagesOfText(text: string): string[] {
  const counts = new Map<Script, number>();
  let letters = 0;
  for (const char of text.slice(0, SAMPLE_LENGTH)) {
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0];
    if (script) {
      counts.set(script, (counts.get(script) ?? 0) + 1);
      letters++;
    }
  }
  const han = counts.get('Han') ?? 0;
  const kana = counts.get('Kana') ?? 0;
  const candidates: Array<[number, string[]]> = [
    [han + kana, kana > KANA_SHARE_FOR_JAPANESE * (han + kana) ? ['ja'] : ['zh', 'yue', 'wuu', 'ja']],
  ];
  for (const [script, languages] of Object.entries(LANGUAGES_BY_SCRIPT)) {
    candidates.push([counts.get(script as Script) ?? 0, [...languages]]);
  }
  const [count, languages] = candidates.reduce((best, next) => (next[0] > best[0] ? next : best));
  return letters > 0 && count >= DOMINANT_SHARE * letters ? languages : [];
}

/**
 * The voice to read `text` with: the mapped voice for the language the document's language id names (if it
 * is a configured language tag) or the text's script suggests — unless the user's own voice already speaks
 * that language — else the user's voice.
 */
export function pickVoiceFor(text: string, languageId: string, settings: LanguageVoiceSettings): string {
  const { defaultVoice, voicesByLanguage } = settings;
  const idKey = languageId.toLowerCase();
  // Own properties only: a language id like "constructor" must not find Object.prototype's.
  if (LOCALE_PREFIX_PATTERN.test(idKey) && Object.hasOwn(voicesByLanguage, idKey)) {
    return voicesByLanguage[idKey] ?? defaultVoice;
  }
  const languages = languagesOfText(text);
  const ownLanguage = defaultVoice.split('-')[0]?.toLowerCase();
  if (languages.length === 0 || (ownLanguage && languages.includes(ownLanguage))) {
    return defaultVoice;
  }
  const keys = Object.keys(voicesByLanguage).sort();
  for (const language of languages) {
    // "zh" before "zh-cn" before "zh-tw": the plainest key for the language wins.
    const key = keys.find((k) => k === language) ?? keys.find((k) => k.startsWith(`${language}-`));
    const voice = key === undefined ? undefined : voicesByLanguage[key];
    if (voice) {
      return voice;
    }
  }
  return defaultVoice;
}
