// The "System voices" group of the voice picker. Pure: selectVoice.ts turns these into QuickPickItems.

import type { SystemVoice } from '../engines/system/systemBackend';
import * as l10n from '../shared/l10n';
import { CURRENT_VOICE_ICON } from './voicePickItems';

export type SystemVoicePickEntry =
  | { readonly kind: 'separator'; readonly label: string }
  | {
      readonly kind: 'systemVoice';
      readonly voice: SystemVoice;
      readonly label: string;
      readonly description: string;
      readonly detail: string;
      readonly current: boolean;
    };

/** One group headed "System voices (espeak-ng)": the current one first, then by language and name. */
export function buildSystemVoicePickEntries(
  voices: readonly SystemVoice[],
  currentVoice: string | undefined,
  engineName: string,
): SystemVoicePickEntry[] {
  if (voices.length === 0) {
    return [];
  }
  const sorted = [...voices].sort((a, b) => {
    if ((a.name === currentVoice) !== (b.name === currentVoice)) {
      return a.name === currentVoice ? -1 : 1;
    }
    return a.language.localeCompare(b.language, 'en') || a.name.localeCompare(b.name, 'en');
  });
  return [
    { kind: 'separator', label: l10n.t('System voices ({0}) — offline', engineName) },
    ...sorted.map((voice): SystemVoicePickEntry => {
      const current = voice.name === currentVoice;
      return {
        kind: 'systemVoice',
        voice,
        // The engine's names are not ours: only our own marker may render as an icon.
        label: `${current ? `${CURRENT_VOICE_ICON} ` : ''}${voice.name.replace(/\$\(/g, '$\u200b(')}`,
        description: l10n.t('{0} · system voice', voice.language),
        detail: voice.description.replace(/\$\(/g, '$\u200b('),
        current,
      };
    }),
  ];
}
