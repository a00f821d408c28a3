// A fixture voice list in the exact JSON shape of Edge's voices/list endpoint (docs/protocol.md §6).
// Small on purpose: a dozen voices spanning scripts and right-to-left text, with the fields clients read.

export interface EdgeVoice {
  readonly Name: string;
  readonly ShortName: string;
  readonly Gender: 'Female' | 'Male';
  readonly Locale: string;
  readonly SuggestedCodec: string;
  readonly FriendlyName: string;
  readonly Status: 'GA' | 'Preview' | 'Deprecated';
  readonly VoiceTag: { readonly ContentCategories: readonly string[]; readonly VoicePersonalities: readonly string[] };
}

function voice(
  locale: string,
  person: string,
  gender: EdgeVoice['Gender'],
  language: string,
  categories: readonly string[],
  personalities: readonly string[],
): EdgeVoice {
  return {
    Name: `Microsoft Server Speech Text to Speech Voice (${locale}, ${person}Neural)`,
    ShortName: `${locale}-${person}Neural`,
    Gender: gender,
    Locale: locale,
    SuggestedCodec: 'audio-24khz-48kbitrate-mono-mp3',
    FriendlyName: `Microsoft ${person} Online (Natural) - ${language}`,
    Status: 'GA',
    VoiceTag: { ContentCategories: categories, VoicePersonalities: personalities },
  };
}

const GENERAL = ['General'];
const FRIENDLY = ['Friendly', 'Positive'];

export const FAKE_EDGE_VOICES: readonly EdgeVoice[] = [
  voice('ar-EG', 'Salma', 'Female', 'Arabic (Egypt)', GENERAL, FRIENDLY),
  voice('de-DE', 'Katja', 'Female', 'German (Germany)', GENERAL, FRIENDLY),
  voice('en-GB', 'Sonia', 'Female', 'English (United Kingdom)', GENERAL, FRIENDLY),
  voice('en-US', 'Andrew', 'Male', 'English (United States)', ['Conversation', 'Copilot'], ['Warm', 'Confident', 'Authentic', 'Honest']),
  voice('en-US', 'Aria', 'Female', 'English (United States)', ['News', 'Novel'], ['Positive', 'Confident']),
  voice('en-US', 'Ava', 'Female', 'English (United States)', ['Conversation', 'Copilot'], ['Expressive', 'Caring', 'Pleasant', 'Friendly']),
  voice('en-US', 'Brian', 'Male', 'English (United States)', ['Conversation', 'Copilot'], ['Approachable', 'Casual', 'Sincere']),
  voice('en-US', 'Emma', 'Female', 'English (United States)', ['Conversation', 'Copilot'], ['Cheerful', 'Clear', 'Conversational']),
  voice('es-ES', 'Elvira', 'Female', 'Spanish (Spain)', GENERAL, FRIENDLY),
  voice('fr-FR', 'Denise', 'Female', 'French (France)', GENERAL, FRIENDLY),
  voice('ja-JP', 'Nanami', 'Female', 'Japanese (Japan)', GENERAL, FRIENDLY),
  voice('zh-CN', 'Xiaoxiao', 'Female', 'Chinese (Mainland)', ['News', 'Novel'], ['Warm']),
];

/** Looks a voice up by ShortName or by the long `Name` form, which Python's edge-tts sends. */
export function findVoice(name: string): EdgeVoice | undefined {
  return FAKE_EDGE_VOICES.find((v) => v.ShortName === name || v.Name === name);
}
