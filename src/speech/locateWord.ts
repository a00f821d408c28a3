// Where a word the service reported (a word boundary) lies in the text that was sent. The service usually
// echoes the word exactly; when it does not, the case may differ ("İstanbul" for "İSTANBUL"). Lower-casing
// the whole text to search it changes lengths — "İ" lower-cases to two UTF-16 units — and every offset
// after such a character would be off, misplacing the highlight. So the fallback compares windows of the
// text as long as the word, one code point at a time, and never changes a length. Pure.

/** Where `word` is in `text` at or after `from`: exactly, else ignoring case. -1 if absent or empty. */
export function locateWord(text: string, word: string, from: number): number {
  if (word.length === 0) {
    return -1;
  }
  const exact = text.indexOf(word, from);
  if (exact >= 0) {
    return exact;
  }
  for (let at = Math.max(0, from); at + word.length <= text.length; at++) {
    if (sameIgnoringCase(text, at, word)) {
      return at;
    }
  }
  return -1;
}

/** Whether `text` at `at` holds `word` up to case, code point by code point (same length by construction). */
function sameIgnoringCase(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length;) {
    const a = text.codePointAt(at + k) ?? -1;
    const b = word.codePointAt(k) ?? -2;
    const width = b > 0xffff ? 2 : 1;
    if (a !== b && !sameLetterIgnoringCase(a, b)) {
      return false;
    }
    k += width;
  }
  return true;
}

function sameLetterIgnoringCase(a: number, b: number): boolean {
  if (a < 0 || a > 0xffff !== b > 0xffff) {
    return false;
  }
  const x = String.fromCodePoint(a);
  const y = String.fromCodePoint(b);
  return x.toLowerCase() === y.toLowerCase() || x.toUpperCase() === y.toUpperCase();
}
