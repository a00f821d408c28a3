// When the service no longer offers the chosen voice (Microsoft removes and renames voices without
// notice), a reading goes on in that language's default voice rather than failing. Pure apart from the
// voice list loader it is given: no vscode.

import { localeOf } from '../speech/edgeRequest';
import { loadVoiceList, type VoiceStore } from './voiceCache';
import { fetchVoiceList, type ParsedVoiceList, type VoiceInfo } from './voiceList';

/**
 * The default voice of `rejectedVoice`'s language in `voices`: the service's first generally available
 * voice of the same locale (en-GB for en-GB), else of the same language (any en-*), else undefined.
 * Never the rejected voice itself.
 */
export function fallbackVoiceFor(rejectedVoice: string, voices: readonly VoiceInfo[]): string | undefined {
  const locale = localeOf(rejectedVoice);
  if (!locale) {
    return undefined;
  }
  const language = locale.split('-')[0]!.toLowerCase();
  const candidates = voices.filter((v) => v.shortName !== rejectedVoice && v.status !== 'Deprecated');
  const ranked = (matches: (v: VoiceInfo) => boolean): VoiceInfo | undefined =>
    candidates.find((v) => matches(v) && v.status === 'GA') ?? candidates.find(matches);
  return ranked((v) => v.locale === locale)?.shortName ?? ranked((v) => v.locale.split('-')[0]!.toLowerCase() === language)?.shortName;
}

export interface VoiceFallbackContext {
  readonly store: VoiceStore;
  /** Read when asked (the endpoint can be pointed elsewhere in tests). */
  readonly voicesUrl: () => string;
  readonly fetchVoices?: (voicesUrl: string) => Promise<ParsedVoiceList>;
}

/**
 * A `voiceFallback` for synthesizeSpeech: refreshes the cached voice list (the voice was removed, so the
 * cache is out of date) and picks the language's default voice from it. Undefined when there is none
 * or no list can be had: the reading then reports the rejected voice.
 */
export function voiceFallbackResolver(context: VoiceFallbackContext): (rejectedVoice: string) => Promise<string | undefined> {
  return async (rejectedVoice) => {
    try {
      const list = await loadVoiceList({
        store: context.store,
        voicesUrl: context.voicesUrl(),
        fetchVoices: context.fetchVoices ?? ((url) => fetchVoiceList(url)),
        refresh: true,
      });
      return fallbackVoiceFor(rejectedVoice, list.voices);
    } catch {
      return undefined;
    }
  };
}
