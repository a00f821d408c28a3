// What the "Select Voice" picker shows: voices grouped by locale, the current voice's group first and the
// current voice marked, every item carrying the words a user might type (name, locale, language, gender,
// personality) in the fields VS Code filters on. Pure: selectVoice.ts turns these into QuickPickItems.

import { untrustedText } from '../notifications/untrustedText';
import type { VoiceInfo } from './voiceList';

const MAX_SHOWN_LENGTH = 120;

export type VoicePickEntry =
  /** Starts a locale's group, labelled with its language, e.g. "English (United States)". */
  | { readonly kind: 'separator'; readonly label: string; readonly locale: string }
  | {
      readonly kind: 'voice';
      readonly voice: VoiceInfo;
      /** The person's name, with a check mark for the current voice. */
      readonly label: string;
      /** Locale, gender, and the status unless the voice is generally available. */
      readonly description: string;
      /** Language in words and personalities. */
      readonly detail: string;
      readonly current: boolean;
    };

export const CURRENT_VOICE_ICON = '$(check)';

export function buildVoicePickEntries(voices: readonly VoiceInfo[], currentVoice: string): VoicePickEntry[] {
  const groups = new Map<string, VoiceInfo[]>();
  for (const voice of voices) {
    const group = groups.get(voice.locale);
    if (group) {
      group.push(voice);
    } else {
      groups.set(voice.locale, [voice]);
    }
  }
  // The current voice's locale even if the list lacks that very voice (e.g. a retired one).
  const currentLocale = voices.find((voice) => voice.shortName === currentVoice)?.locale ?? localePrefixOf(currentVoice);
  const order = [...groups.entries()].sort(([localeA, a], [localeB, b]) => {
    if ((localeA === currentLocale) !== (localeB === currentLocale)) {
      return localeA === currentLocale ? -1 : 1;
    }
    return compareText(a[0]?.language ?? localeA, b[0]?.language ?? localeB) || compareText(localeA, localeB);
  });

  const entries: VoicePickEntry[] = [];
  for (const [locale, group] of order) {
    entries.push({ kind: 'separator', label: untrustedText(group[0]?.language ?? locale, MAX_SHOWN_LENGTH), locale });
    const sorted = [...group].sort((a, b) => {
      if ((a.shortName === currentVoice) !== (b.shortName === currentVoice)) {
        return a.shortName === currentVoice ? -1 : 1;
      }
      return compareText(a.name, b.name) || compareText(a.shortName, b.shortName);
    });
    for (const voice of sorted) {
      entries.push(voiceEntry(voice, voice.shortName === currentVoice));
    }
  }
  return entries;
}

function voiceEntry(voice: VoiceInfo, current: boolean): VoicePickEntry {
  const description = [voice.locale, voice.gender, voice.status && voice.status !== 'GA' ? voice.status : '']
    .filter((part) => part.length > 0)
    .join(' · ');
  const detail = [voice.language, voice.personalities.join(', ')].filter((part) => part.length > 0).join(' · ');
  return {
    kind: 'voice',
    voice,
    // Picker text renders "$(x)" as an icon: the service's strings were cleaned when the list was parsed,
    // and are again here (a cache written by an older version), so the marker is the only icon allowed.
    label: `${current ? `${CURRENT_VOICE_ICON} ` : ''}${untrustedText(voice.name, MAX_SHOWN_LENGTH)}`,
    description: untrustedText(description, MAX_SHOWN_LENGTH),
    detail: untrustedText(detail, MAX_SHOWN_LENGTH * 2),
    current,
  };
}

/** `en-US-AvaNeural` → `en-US`; `zh-CN-liaoning-XiaobeiNeural` → `zh-CN-liaoning`. */
function localePrefixOf(voice: string): string {
  return voice.slice(0, Math.max(0, voice.lastIndexOf('-')));
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' });
}

/** Short sample sentences by language; `{name}` becomes the voice's first name. Other languages get English. */
const SAMPLES: Readonly<Record<string, string>> = {
  en: "Hello, I'm {name}. This is how I sound when I read your text aloud.",
  de: 'Hallo, ich bin {name}. So klinge ich, wenn ich deinen Text vorlese.',
  fr: 'Bonjour, je suis {name}. Voici ma voix quand je lis votre texte à haute voix.',
  es: 'Hola, soy {name}. Así sueno cuando leo tu texto en voz alta.',
  it: 'Ciao, sono {name}. Ecco la mia voce quando leggo il tuo testo ad alta voce.',
  pt: 'Olá, eu sou {name}. Esta é a minha voz quando leio o seu texto em voz alta.',
  nl: 'Hallo, ik ben {name}. Zo klink ik als ik je tekst voorlees.',
  pl: 'Cześć, jestem {name}. Tak brzmi mój głos, gdy czytam twój tekst na głos.',
  ru: 'Здравствуйте, я {name}. Так звучит мой голос, когда я читаю ваш текст вслух.',
  ja: 'こんにちは、{name}です。この声であなたの文章を読み上げます。',
  zh: '你好，我是{name}。我会用这个声音为你朗读文字。',
  ko: '안녕하세요, 저는 {name}입니다. 이 목소리로 글을 읽어 드릴게요.',
  ar: 'مرحبا، أنا {name}. هكذا يبدو صوتي عندما أقرأ نصك بصوت عال.',
  hi: 'नमस्ते, मैं {name} हूँ। यह मेरी आवाज़ है।',
};

/** What the picker speaks when a voice is highlighted: a sentence in the voice's language where we have one. */
export function previewSample(voice: Pick<VoiceInfo, 'locale' | 'name'>): string {
  const language = voice.locale.split('-')[0] ?? 'en';
  const template = SAMPLES[language] ?? SAMPLES['en'] ?? '';
  return template.replace('{name}', voice.name.split(' ')[0] ?? voice.name);
}
