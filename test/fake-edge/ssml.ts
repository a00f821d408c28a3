// Parses and validates the body of an `ssml` request the way the service does (docs/protocol.md §2, §5):
// a strict XML reader (the service's parser is .NET's, so syntax errors are reported in its words, with
// line and position) followed by a structural check that allows only speak > voice > prosody.
// Anything a real client could get wrong by not escaping text must fail here, or the fake would hide the bug.

export interface SsmlRequest {
  /** `xml:lang` of <speak>. */
  readonly lang: string;
  /** `name` of <voice>, as sent. */
  readonly voice: string;
  /** Attributes of the outermost <prosody>, '' when absent. */
  readonly rate: string;
  readonly pitch: string;
  readonly volume: string;
  /** The unescaped text inside <voice>, trimmed (clients pad it with template whitespace). */
  readonly text: string;
}

export type SsmlParseResult = { readonly ok: true; readonly request: SsmlRequest } | { readonly ok: false; readonly reason: string };

/** The reason the service gives for well-formed XML that is not SSML it accepts. */
export const SSML_INVALID = 'SSML is invalid';

export function parseSsml(ssml: string): SsmlParseResult {
  let root: XmlElement;
  try {
    root = new XmlReader(ssml).readDocument();
  } catch (e) {
    if (e instanceof XmlSyntaxError) return { ok: false, reason: e.message };
    throw e;
  }
  const request = toSsmlRequest(root);
  return request ? { ok: true, request } : { ok: false, reason: SSML_INVALID };
}

// ---------------------------------------------------------------------------------------------
// Structure

interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly (XmlElement | string)[];
}

function toSsmlRequest(speak: XmlElement): SsmlRequest | undefined {
  const lang = speak.attributes.get('xml:lang');
  if (speak.name !== 'speak' || !lang || !speak.attributes.has('version')) return undefined;

  // Exactly one voice: multi-voice SSML was among the features the service cut off for Edge.
  const voices = speak.children.filter((c): c is XmlElement => typeof c !== 'string');
  const strayText = speak.children.some((c) => typeof c === 'string' && c.trim() !== '');
  const voice = voices[0];
  if (voices.length !== 1 || strayText || !voice || voice.name !== 'voice') return undefined;
  const voiceName = voice.attributes.get('name');
  if (!voiceName || !onlyProsodyInside(voice)) return undefined;

  const prosody = voice.children.find((c): c is XmlElement => typeof c !== 'string');
  const attr = (name: string): string => prosody?.attributes.get(name) ?? '';
  return {
    lang,
    voice: voiceName,
    rate: attr('rate'),
    pitch: attr('pitch'),
    volume: attr('volume'),
    text: textContent(voice).trim(),
  };
}

function onlyProsodyInside(element: XmlElement): boolean {
  return element.children.every((c) => typeof c === 'string' || (c.name === 'prosody' && onlyProsodyInside(c)));
}

function textContent(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

// ---------------------------------------------------------------------------------------------
// XML syntax

class XmlSyntaxError extends Error {}

const PREDEFINED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameStart(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}_:]/u.test(ch);
}

function isNameChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{M}\p{N}_:.\-\u00B7]/u.test(ch);
}

/** XML 1.0 `Char`: what may appear in a document at all, even escaped. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function hex2(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

class XmlReader {
  private readonly src: string;
  private i = 0;
  private readonly open: { name: string; at: number }[] = [];

  constructor(source: string) {
    // XML end-of-line handling: parsers see \n only, which also makes line numbers count \r\n once.
    this.src = source.replace(/\r\n?/g, '\n');
  }

  readDocument(): XmlElement {
    if (this.src.startsWith('<?xml')) this.skipPast('?>');
    this.skipMisc();
    if (this.src[this.i] !== '<') this.fail('Data at the root level is invalid.');
    const root = this.readElement();
    this.skipMisc();
    if (this.i < this.src.length) {
      this.fail(this.src[this.i] === '<' ? 'There are multiple root elements.' : 'Data at the root level is invalid.');
    }
    return root;
  }

  /** Whitespace, comments and processing instructions around the root element. */
  private skipMisc(): void {
    for (;;) {
      this.skipWhitespace();
      if (this.src.startsWith('<!--', this.i)) this.skipPast('-->');
      else if (this.src.startsWith('<?', this.i)) this.skipPast('?>');
      else if (this.src.startsWith('<!DOCTYPE', this.i)) this.fail('DTD is prohibited in this XML document.');
      else return;
    }
  }

  private readElement(): XmlElement {
    this.i++; // '<'
    const nameAt = this.i;
    const name = this.readName();
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.skipWhitespace();
      if (this.src.startsWith('/>', this.i)) {
        this.i += 2;
        return { name, attributes, children: [] };
      }
      if (this.src[this.i] === '>') {
        this.i++;
        break;
      }
      if (this.i >= this.src.length) this.failEof();
      if (!hadSpace) this.fail(`${this.quoted(this.i)} is an unexpected token. Expecting white space.`);
      const attrAt = this.i;
      const attrName = this.readName();
      this.skipWhitespace();
      if (this.src[this.i] !== '=') this.fail(`${this.quoted(this.i)} is an unexpected token. The expected token is '='.`);
      this.i++;
      this.skipWhitespace();
      const value = this.readAttributeValue();
      if (attributes.has(attrName)) this.fail(`'${attrName}' is a duplicate attribute name.`, attrAt);
      attributes.set(attrName, value);
    }

    this.open.push({ name, at: nameAt });
    const children: (XmlElement | string)[] = [];
    let text = '';
    const flushText = (): void => {
      if (text) children.push(text);
      text = '';
    };
    for (;;) {
      if (this.i >= this.src.length) this.failEof();
      const ch = this.src[this.i] ?? '';
      if (ch === '<') {
        if (this.src.startsWith('</', this.i)) {
          flushText();
          this.readEndTag(name, nameAt);
          this.open.pop();
          return { name, attributes, children };
        }
        if (this.src.startsWith('<!--', this.i)) {
          this.skipPast('-->');
        } else if (this.src.startsWith('<![CDATA[', this.i)) {
          const end = this.src.indexOf(']]>', this.i);
          if (end < 0) this.failEof();
          text += this.checkedChars(this.src.slice(this.i + 9, end), this.i + 9);
          this.i = end + 3;
        } else if (this.src.startsWith('<?', this.i)) {
          this.skipPast('?>');
        } else {
          flushText();
          children.push(this.readElement());
        }
      } else if (ch === '&') {
        text += this.readReference();
      } else {
        this.checkChar(this.i);
        const code = this.src.codePointAt(this.i) ?? 0;
        const width = code > 0xffff ? 2 : 1;
        text += this.src.slice(this.i, this.i + width);
        this.i += width;
      }
    }
  }

  private readEndTag(expected: string, startAt: number): void {
    this.i += 2; // '</'
    const endAt = this.i;
    const name = this.readName();
    if (name !== expected) {
      const start = this.lineAndPosition(startAt);
      this.fail(
        `The '${expected}' start tag on line ${start.line} position ${start.position} does not match the end tag of '${name}'.`,
        endAt,
      );
    }
    this.skipWhitespace();
    if (this.src[this.i] !== '>') this.fail(`${this.quoted(this.i)} is an unexpected token. The expected token is '>'.`);
    this.i++;
  }

  private readName(): string {
    const start = this.i;
    const first = this.src[this.i];
    if (first === undefined) this.failEof();
    if (!isNameStart(first)) {
      this.fail(`Name cannot begin with the ${this.quoted(this.i)} character, hexadecimal value ${hex2(first.charCodeAt(0))}.`);
    }
    this.i++;
    while (isNameChar(this.src[this.i])) this.i++;
    return this.src.slice(start, this.i);
  }

  private readAttributeValue(): string {
    const quote = this.src[this.i];
    if (quote !== '"' && quote !== "'") {
      this.fail(`${this.quoted(this.i)} is an unexpected token. The expected token is '"' or '''.`);
    }
    this.i++;
    let value = '';
    for (;;) {
      const ch = this.src[this.i];
      if (ch === undefined) this.failEof();
      if (ch === quote) {
        this.i++;
        return value;
      }
      if (ch === '<') this.fail(`'<', hexadecimal value 0x3C, is an invalid attribute character.`);
      if (ch === '&') {
        value += this.readReference();
      } else {
        this.checkChar(this.i);
        // Attribute-value normalization: literal whitespace characters become spaces.
        value += ch === '\n' || ch === '\t' ? ' ' : ch;
        this.i++;
      }
    }
  }

  /** `&name;`, `&#N;` or `&#xN;` at the cursor; an unescaped `&` in text fails here, as on the service. */
  private readReference(): string {
    const ampAt = this.i;
    this.i++;
    if (this.src[this.i] === '#') {
      this.i++;
      const isHex = this.src[this.i] === 'x';
      if (isHex) this.i++;
      const digitsAt = this.i;
      while (isHex ? /[0-9a-fA-F]/.test(this.src[this.i] ?? '') : /[0-9]/.test(this.src[this.i] ?? '')) this.i++;
      if (this.i === digitsAt || this.src[this.i] !== ';') {
        this.fail(`Invalid syntax for a ${isHex ? 'hexadecimal' : 'decimal'} numeric entity reference.`);
      }
      const code = parseInt(this.src.slice(digitsAt, this.i), isHex ? 16 : 10);
      this.i++;
      if (!isXmlChar(code)) this.fail(`Invalid character reference ${hex2(code)}.`, ampAt);
      return String.fromCodePoint(code);
    }
    if (!isNameStart(this.src[this.i])) this.fail('An error occurred while parsing EntityName.');
    const nameAt = this.i;
    while (isNameChar(this.src[this.i])) this.i++;
    const name = this.src.slice(nameAt, this.i);
    if (this.src[this.i] !== ';') this.fail('An error occurred while parsing EntityName.');
    this.i++;
    const replacement = PREDEFINED_ENTITIES[name];
    if (replacement === undefined) this.fail(`Reference to undeclared entity '${name}'.`, nameAt);
    return replacement;
  }

  private skipWhitespace(): boolean {
    const start = this.i;
    while (/[ \t\n]/.test(this.src[this.i] ?? '')) this.i++;
    return this.i > start;
  }

  private skipPast(terminator: string): void {
    const end = this.src.indexOf(terminator, this.i);
    if (end < 0) this.failEof();
    this.checkedChars(this.src.slice(this.i, end), this.i);
    this.i = end + terminator.length;
  }

  private checkChar(at: number): void {
    const code = this.src.codePointAt(at) ?? 0;
    if (!isXmlChar(code)) {
      this.fail(`'${String.fromCodePoint(code)}', hexadecimal value ${hex2(code)}, is an invalid character.`, at);
    }
  }

  private checkedChars(chars: string, at: number): string {
    for (let k = 0; k < chars.length; k++) this.checkChar(at + k);
    return chars;
  }

  private quoted(at: number): string {
    return `'${this.src[at] ?? ''}'`;
  }

  private lineAndPosition(at: number): { line: number; position: number } {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    return { line, position: at - before.lastIndexOf('\n') };
  }

  private fail(message: string, at = this.i): never {
    const { line, position } = this.lineAndPosition(at);
    throw new XmlSyntaxError(`${message} Line ${line}, position ${position}.`);
  }

  private failEof(): never {
    const names = this.open.map((o) => o.name).join(', ');
    this.fail(
      names
        ? `Unexpected end of file has occurred. The following elements are not closed: ${names}.`
        : 'Unexpected end of file has occurred.',
    );
  }
}
