// How the reading is shown in the editor: which highlight, and whether the editor scrolls along.
// Pure: no vscode import.

import * as l10n from '../shared/l10n';

export type HighlightMode = 'word' | 'sentence' | 'off';

export interface HighlightSettings {
  /** `word`: the word and, softly, its sentence; `sentence`: only the sentence; `off`: nothing. */
  readonly highlight: HighlightMode;
  /** Scroll the editor to keep the spoken text in view (unless the user scrolls away). */
  readonly followInEditor: boolean;
}

export const DEFAULT_HIGHLIGHT_SETTINGS: HighlightSettings = { highlight: 'word', followInEditor: true };

const MODES: readonly HighlightMode[] = ['word', 'sentence', 'off'];

/** Invalid values fall back to the default, each with a message naming the setting (no raw value in it). */
export function validateHighlightSettings(raw: { highlight?: unknown; followInEditor?: unknown }): {
  settings: HighlightSettings;
  problems: string[];
} {
  const problems: string[] = [];
  let highlight = DEFAULT_HIGHLIGHT_SETTINGS.highlight;
  if (MODES.includes(raw.highlight as HighlightMode)) {
    highlight = raw.highlight as HighlightMode;
  } else if (raw.highlight !== undefined) {
    problems.push(l10n.t('readAloud.highlight must be one of {0}; using {1}.', MODES.join(', '), highlight));
  }
  let followInEditor = DEFAULT_HIGHLIGHT_SETTINGS.followInEditor;
  if (typeof raw.followInEditor === 'boolean') {
    followInEditor = raw.followInEditor;
  } else if (raw.followInEditor !== undefined) {
    problems.push(l10n.t('readAloud.followInEditor must be true or false; using {0}.', followInEditor));
  }
  return { settings: { highlight, followInEditor }, problems };
}
