// Pure: no vscode import.

/** True when `text` has something besides whitespace and invisible characters to say. */
export function hasWords(text: string): boolean {
  return /[^\s\u200b-\u200d\u2060\ufeff]/u.test(text);
}
