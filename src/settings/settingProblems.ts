// Problems found in the settings are shown once per change, and only the first few: a workspace's
// settings file with 100,000 invalid pronunciations must not become 100,000 warnings on every reading.
// Pure: no vscode.

import * as l10n from '../shared/l10n';

/** How many problems of one kind are shown one by one; the rest are counted in one more line. */
export const PROBLEMS_SHOWN = 3;

/** The first `shown` problems with Read Aloud's settings, and a line counting the rest (if any). */
export function summarizeProblems(problems: readonly string[], shown = PROBLEMS_SHOWN): string[] {
  if (problems.length <= shown) {
    return [...problems];
  }
  const more = problems.length - shown;
  const rest =
    more === 1
      ? l10n.t('…and 1 more problem with the Read Aloud settings; see the Settings editor.')
      : l10n.t('…and {0} more problems with the Read Aloud settings; see the Settings editor.', more);
  return [...problems.slice(0, shown), rest];
}

/**
 * Remembers which problems were last reported for each kind of setting, so the same ones are not
 * reported again until the setting changes (and with it the problems).
 */
export class SettingProblemsOnce {
  private readonly reported = new Map<string, string>();

  /** The problems to show now: none if exactly these were the last reported for `kind`. */
  take<T>(kind: string, problems: readonly T[], fingerprint: (problem: T) => string): readonly T[] {
    const key = problems.map(fingerprint).join('\u0000');
    if (this.reported.get(kind) === key) {
      return [];
    }
    this.reported.set(kind, key);
    return problems;
  }
}
