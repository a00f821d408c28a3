// Text we did not write — a setting's value from a workspace's `.vscode/settings.json`, a string from the
// speech service — made safe to show in a notification, status bar message or quick pick. VS Code renders
// `[label](command:id?args)` in notification text as a clickable link, and `$(name)` in titles, status
// bar text and picker items as an icon; bidi controls reorder what is shown and line breaks fake a second
// message. None of that may come from a value a workspace or a server chose. Pure: no vscode.

/** Bidirectional controls and other invisible formatting marks that change how the rest of a line reads. */
const BIDI_AND_INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** C0/C1 controls, line and paragraph separators: one line of text only. */
const CONTROLS_AND_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** URI schemes a notification link could use; followed by a space they no longer form a link target. */
const LINK_SCHEME = /\b(command|file|https?|vscode(?:-insiders)?|vscode-file):/gi;

/** The longest untrusted value shown by default: enough to recognise a typo, too short for a story. */
export const DEFAULT_UNTRUSTED_LENGTH = 80;

/**
 * `value` as one line of inert text: controls and bidi marks out, whitespace collapsed, Markdown link
 * brackets turned into parentheses, link schemes broken (`command: x`), codicon syntax broken (`$ (x)`),
 * and at most `maxLength` characters (an ellipsis marks a cut).
 */
export function untrustedText(value: unknown, maxLength = DEFAULT_UNTRUSTED_LENGTH): string {
  const text = (typeof value === 'string' ? value : String(value))
    .replace(BIDI_AND_INVISIBLE, '')
    .replace(CONTROLS_AND_BREAKS, ' ')
    .replace(/\[/g, '(')
    .replace(/\]/g, ')')
    .replace(LINK_SCHEME, '$1: ')
    .replace(/\$\(/g, '$ (')
    .replace(/\s+/g, ' ')
    .trim();
  return bound(text, maxLength);
}

/**
 * A setting's value quoted for a message if it looks like what the setting expects to hold (letters,
 * digits, `.`, `_`, `+`, `-`, spaces; short); otherwise `undefined`, and the message leaves it out.
 * Used where showing the value only helps the user spot a typo, so nothing is lost by dropping the rest.
 */
export function plainSettingValue(value: unknown, maxLength = 60): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return undefined;
  }
  const text = String(value).trim();
  return text.length > 0 && text.length <= maxLength && /^[\p{L}\p{N} ._+-]+$/u.test(text) ? text : undefined;
}

function bound(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  // Never split a surrogate pair: half an emoji shows as a replacement character.
  let cut = Math.max(0, maxLength - 1);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    cut--;
  }
  return `${text.slice(0, cut)}…`;
}
