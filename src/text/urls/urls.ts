// Web addresses read out in full ("h t t p s colon slash slash github dot com slash…") drown the sentence
// around them; a listener only needs to know that there is a link and roughly where it goes.

import { composeSpokenText, isWhitespace, SpokenText, SpokenTextBuilder } from '../spoken';

/** How a URL is spoken: `lead` followed by `url.slice(hostStart, hostEnd)`, which may be empty. */
interface UrlSpeech {
  readonly lead: string;
  readonly hostStart: number;
  readonly hostEnd: number;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{1,31}):/;

/**
 * How `url` is spoken, with the host as a range of `url` so that callers can copy it from the document
 * (and the highlight lands on the host while it is being said).
 */
function urlSpeech(url: string): UrlSpeech {
  const scheme = SCHEME.exec(url);
  if (scheme && scheme[1]?.toLowerCase() === 'mailto') {
    // An e-mail address is short and meaningful: say it, without the query (?subject=…).
    const start = scheme[0].length;
    const end = findAny(url, '?#', start);
    return end > start ? { lead: '', hostStart: start, hostEnd: end } : { lead: 'e-mail link', hostStart: 0, hostEnd: 0 };
  }
  let start: number;
  if (scheme && url.startsWith('//', scheme[0].length)) start = scheme[0].length + 2;
  else if (/^www\./i.test(url)) start = 0;
  else return { lead: 'link', hostStart: 0, hostEnd: 0 };

  let end = findAny(url, '/?#', start);
  const at = url.lastIndexOf('@', end - 1);
  if (at >= start) start = at + 1; // user:password@
  if (url.charCodeAt(start) === 0x5b /* [ */) {
    // An IPv6 literal: its colons are not a port.
    const close = url.indexOf(']', start);
    if (close > start && close < end) end = close + 1;
  } else {
    const colon = url.indexOf(':', start);
    if (colon >= 0 && colon < end) end = colon;
  }
  if (/^www\./i.test(url.slice(start, end)) && end - start > 4) start += 4;
  while (end > start && url.charCodeAt(end - 1) === 0x2e /* . */) end--; // "example.com." is example.com
  return end > start ? { lead: 'link to ', hostStart: start, hostEnd: end } : { lead: 'link', hostStart: 0, hostEnd: 0 };
}

/**
 * What a URL is read as: `https://github.com/microsoft/vscode/issues/237030` → "link to github.com",
 * `mailto:a@example.com` → "a@example.com", a relative link → "link".
 */
export function describeUrl(url: string): string {
  const speech = urlSpeech(url);
  return speech.lead + url.slice(speech.hostStart, speech.hostEnd);
}

/**
 * If a bare URL (`http://`, `https://`, `ftp://` or `www.`) starts at `start`, the offset where it ends,
 * else -1. Its host is domain characters; a path after it ends at whitespace, `<` or `limit`, less
 * trailing punctuation that belongs to the sentence
 * (`.`, `,`, `?`, quotes, a `)` with no `(` in the URL: "(see https://example.com/a_(b))." keeps its
 * parentheses). Whether `start` is at a word boundary is for the caller to decide. It also ends at `>`,
 * which a URL cannot hold unescaped.
 */
export function bareUrlEnd(text: string, start: number, limit = text.length): number {
  const head = text.slice(start, start + 8).toLowerCase();
  let hostStart: number;
  if (head.startsWith('https://')) hostStart = start + 8;
  else if (head.startsWith('http://') || head.startsWith('ftp://')) hostStart = start + head.indexOf('//') + 2;
  else if (head.startsWith('www.')) hostStart = start + 4;
  else return -1;
  if (hostStart >= limit || !isHostCharacter(text.charCodeAt(hostStart))) return -1;

  // The host is domain characters only (GFM): "www.example.org**bold**" ends before the stars. A path,
  // query or fragment may follow it, running to whitespace.
  let end = hostStart;
  if (text.charCodeAt(end) === 0x5b /* [ IPv6 */) {
    const close = text.indexOf(']', end);
    if (close < 0 || close >= limit) return -1;
    end = close + 1;
  } else {
    while (end < limit && isDomainCharacter(text.charCodeAt(end))) end++;
  }
  if (text.charCodeAt(end) === 0x3a /* : */) {
    let port = end + 1;
    while (port < limit && isDigit(text.charCodeAt(port))) port++;
    if (port > end + 1) end = port;
  }
  let open = 0;
  let close = 0;
  if (end < limit && '/?#'.includes(text.charAt(end))) {
    while (end < limit) {
      const code = text.charCodeAt(end);
      // "<" and ">" cannot be in a URL unescaped; they are what brackets one in plain text: <https://…>.
      if (code <= 0x20 || code === 0x3c || code === 0x3e || code === 0x7f || isWhitespace(code)) break;
      if (code === 0x28) open++;
      else if (code === 0x29) close++;
      end++;
    }
  }
  for (;;) {
    const last = text.charCodeAt(end - 1);
    if (TRAILING_PUNCTUATION.includes(String.fromCharCode(last))) {
      end--;
    } else if (last === 0x29 /* ) */ && close > open) {
      close--;
      end--;
    } else {
      break;
    }
  }
  return end > hostStart ? end : -1;
}

const TRAILING_PUNCTUATION = '?!.,:;*_~\'"]}';

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function isDomainCharacter(code: number): boolean {
  if (code < 0x80)
    return isDigit(code) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) || code === 0x2d || code === 0x5f || code === 0x2e;
  return NON_ASCII_WORD.test(String.fromCharCode(code));
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHostCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x5b /* [ IPv6 */ ||
    (code >= 0x80 && !isWhitespace(code))
  );
}

/** Whether a bare URL may start after the character `code` (NaN at the start of the text). */
export function canStartUrlAfter(code: number): boolean {
  if (Number.isNaN(code)) return true;
  // Not inside a word, a path or an address: "xhttp://", "a/www.b", "user@www.c".
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return false;
  return !'/.@-_:=&%+#'.includes(String.fromCharCode(code));
}

const URL_START = /(?:https?|ftp):\/\/|www\./gi;

/**
 * Replaces every bare URL in `spoken` by its description ({@link describeUrl}), for plain text, where no
 * Markdown says what is a link. The words "link to" map to the whole URL and the host to itself. E-mail
 * addresses are left alone: they are short and meant to be heard.
 */
export function shortenUrls(spoken: SpokenText): SpokenText {
  const text = spoken.text;
  URL_START.lastIndex = 0;
  if (!URL_START.test(text)) return spoken;
  URL_START.lastIndex = 0;
  const builder = new SpokenTextBuilder(text);
  let copied = 0;
  for (let match = URL_START.exec(text); match; match = URL_START.exec(text)) {
    const start = match.index;
    const end = start >= copied && canStartUrlAfter(text.charCodeAt(start - 1)) ? bareUrlEnd(text, start) : -1;
    if (end < 0) continue;
    // <https://…> in plain text: the brackets go with the URL.
    const bracketed = text.charCodeAt(start - 1) === 0x3c && text.charCodeAt(end) === 0x3e;
    const from = bracketed ? start - 1 : start;
    const to = bracketed ? end + 1 : end;
    builder.appendSource(copied, from);
    appendUrl(builder, text, start, end, from, to);
    copied = to;
    URL_START.lastIndex = to;
  }
  if (copied === 0) return spoken;
  builder.appendSource(copied, text.length);
  return composeSpokenText(builder.build(), spoken);
}

/**
 * Appends the spoken form of the URL `source.slice(start, end)`: its lead words standing for the whole of
 * `[from, to)` (the URL with any syntax around it), then its host copied from the source.
 */
export function appendUrl(builder: SpokenTextBuilder, source: string, start: number, end: number, from = start, to = end): void {
  const speech = urlSpeech(source.slice(start, end));
  builder.appendReplacement(speech.lead, from, to);
  builder.appendSource(start + speech.hostStart, start + speech.hostEnd);
}

function findAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text.charAt(i))) return i;
  }
  return text.length;
}
