// A short, single-line, markup-free excerpt of text to show the user what is about to be read (e.g. in
// the chat's "Reading aloud: …" line). Pure: no vscode import (l10n.t is wired to vscode.l10n.t at activation).

import * as l10n from '../shared/l10n';

export const EXCERPT_LENGTH = 60;

/**
 * The start of `text` on one line: Markdown and HTML punctuation removed (so the excerpt cannot render as
 * a link, an image or markup wherever it is shown), whitespace collapsed, cut at a word with "…".
 */
export function shortExcerpt(text: string, maxLength = EXCERPT_LENGTH): string {
  const plain = text
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[`*_~#>|<[\](){}!\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // By code points, so an emoji is never cut in half.
  const characters = Array.from(plain);
  if (characters.length <= maxLength) {
    return plain;
  }
  const cut = characters.slice(0, maxLength - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** The chat's progress line while the agent's text is read: what will be heard, in short. */
export function readingAloudMessage(text: unknown): string {
  const excerpt = typeof text === 'string' ? shortExcerpt(text) : '';
  return excerpt ? l10n.t('Reading aloud: "{0}"', excerpt) : l10n.t('Reading aloud');
}
