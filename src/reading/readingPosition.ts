// What the status bar and the player's caption say about where a reading is. Pure: no vscode import.

import type { EngineId } from '../engines/speechEngine';
import * as l10n from '../shared/l10n';
import { MAX_CAPTION_LENGTH } from '../shared/protocol';

/**
 * "3 / 12" for the third of twelve sentences; "3 / 40+" while a big document is still being made ready
 * (more sentences are coming); nothing for a reading of one sentence.
 */
export function positionText(sentenceIndex: number, sentenceCount: number, complete: boolean): string {
  return sentenceCount > 1 || !complete ? `${sentenceIndex + 1} / ${sentenceCount}${complete ? '' : '+'}` : '';
}

/** The status bar's detail: where the reading is, and who speaks when it is not Edge. */
export function statusDetail(position: string, engine: EngineId): string {
  return [position, engine === 'system' ? l10n.t('system voice') : ''].filter((part) => part !== '').join(' · ');
}

/** The player's caption: the sentence on one line, cut with an ellipsis to at most `max` characters. */
export function captionText(sentence: string, max = MAX_CAPTION_LENGTH): string {
  const text = sentence.replace(/\s+/g, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
