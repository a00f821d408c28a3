// XML escaping for text placed inside the SSML `<prosody>` element.
//
// msedge-tts interpolates our text into its SSML template raw (docs/protocol.md §5); one unescaped `&` or
// `<` makes the service close the socket with 1007 and the client reports only "Stream closed before…".

import { isHighSurrogate, isLowSurrogate } from '../spoken';

// `'` and `"` need no escaping in element content, but escaping them costs nothing in correctness and keeps
// the output safe should it ever land in an attribute. `>` is escaped so that `]]>` cannot appear.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Characters XML 1.0 forbids outright: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
// They cannot even be written as character references, so they become spaces (one for one, which keeps
// `escapedPrefixEnd` exact without building the string).
const NEEDS_WORK =
  /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes `text` for XML character data; characters XML cannot carry at all become spaces. */
export function escapeXml(text: string): string {
  return text.replace(NEEDS_WORK, (match) => ENTITIES[match] ?? ' ');
}

/**
 * The largest `end` such that `escapeXml(text.slice(start, end))` takes at most `maxBytes` bytes of UTF-8.
 * Never falls between the two halves of a surrogate pair.
 */
export function escapedPrefixEnd(text: string, start: number, maxBytes: number): number {
  const length = text.length;
  let bytes = 0;
  let i = start;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(i + 1))) {
      if (bytes + 4 > maxBytes) break;
      bytes += 4;
      i += 2;
    } else {
      const cost = unitBytes(code);
      if (bytes + cost > maxBytes) break;
      bytes += cost;
      i++;
    }
  }
  return i;
}

/** The most bytes one code point can take once escaped (`&quot;`, `&apos;`). */
export const MAX_ESCAPED_CODE_POINT_BYTES = 6;

// Escaped size of each ASCII character, looked up rather than computed: this runs once per character.
const ASCII_BYTES = new Uint8Array(0x80).fill(1); // forbidden controls included: they become a space
ASCII_BYTES[0x26] = 5; // &amp;
ASCII_BYTES[0x3c] = 4; // &lt;
ASCII_BYTES[0x3e] = 4; // &gt;
ASCII_BYTES[0x22] = 6; // &quot;
ASCII_BYTES[0x27] = 6; // &apos;

/** Escaped UTF-8 bytes of one UTF-16 code unit that is not part of a surrogate pair. */
function unitBytes(code: number): number {
  if (code < 0x80) return ASCII_BYTES[code] ?? 1;
  if (code < 0x800) return 2;
  if (code < 0xd800 || (code > 0xdfff && code < 0xfffe)) return 3;
  return 1; // a lone surrogate, U+FFFE or U+FFFF: becomes a space
}
