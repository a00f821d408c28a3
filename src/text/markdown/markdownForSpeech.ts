// Markdown read for the ear: what a reader of the rendered page sees, without the syntax that makes it.
//
// This is the block half (lines → headings, paragraphs, list items, quotes, tables, code blocks); the
// inline half is markdownInline.ts. It is not a full CommonMark parser and does not need to be: it has to
// decide what is said and where each word came from, never how to draw it, and it must never throw on
// the half-written Markdown of a file being edited. It works line by line in one pass, so a 10 MB file
// costs what cleaning it does.

import type { SpokenText } from '../spoken';
import { normaliseLabel } from './markdownInline';
import { BlockEnding, SpeechFlow } from './speechFlow';

/** What happens to fenced and indented code blocks: left out, announced ("Code block in Python."), or read. */
export type CodeBlockReading = 'skip' | 'announce' | 'read';

/** What happens to tables: announced with their size and read row by row, only announced, or left out. */
export type TableReading = 'read' | 'announce' | 'skip';

export interface MarkdownSpeechOptions {
  readonly codeBlocks: CodeBlockReading;
  /** Default `read`. */
  readonly tables?: TableReading;
}

export const DEFAULT_MARKDOWN_OPTIONS: MarkdownSpeechOptions = { codeBlocks: 'announce' };

/**
 * The spoken form of the Markdown `source`, mapping back to it (plus `sourceOffset`):
 * - headings, list items, table rows and paragraphs each end a sentence ("." added if they have no
 *   punctuation of their own, so the voice does not run a heading into the text below it);
 * - emphasis, strikethrough, heading marks, list bullets, task boxes, quote markers, table pipes and
 *   delimiter rows, horizontal rules, HTML tags and comments, footnote markers and link definitions are
 *   dropped; backslash escapes and entities are read as the character;
 * - links are read as their text, images as their alt text, inline code as its content, URLs as
 *   "link to host";
 * - code blocks are handled per `options.codeBlocks`, tables per `options.tables` ("Table, 2 columns,
 *   3 rows." then each row);
 * - `$$` math blocks are announced ("Formula."), inline `$…$` and `$$…$$` as "formula"; footnote
 *   definitions, HTML blocks (`<div>…`, a line that is only a tag) and HTML comments are left out;
 * - front matter is skipped when `source` starts the document (`sourceOffset` 0).
 * The result is cleaned as by `cleanForSpeech`.
 */
export function markdownForSpeech(source: string, sourceOffset = 0, options: MarkdownSpeechOptions = DEFAULT_MARKDOWN_OPTIONS): SpokenText {
  return new MarkdownReader(source, sourceOffset, options).read();
}

interface OpenFence {
  readonly char: number;
  readonly length: number;
  /** Indentation of the opening fence: stripped from each content line. */
  readonly indent: number;
  /** Content column of the list item holding the fence: a line indented less ends the item and the fence. */
  readonly container: number;
  readonly quoteDepth: number;
  /** Source range of the block, for "Code block." to stand for. */
  readonly start: number;
  end: number;
  readonly languageStart: number;
  readonly languageEnd: number;
}

interface IndentedCode {
  /** Indentation a line needs to stay in the block. */
  readonly column: number;
  readonly start: number;
  end: number;
}

class MarkdownReader {
  private readonly flow: SpeechFlow;
  private readonly references = new Set<string>();
  private fence: OpenFence | undefined;
  private code: IndentedCode | undefined;
  /** While inside an HTML comment or script/style block: the text that ends it. */
  private htmlEnd: string | undefined;
  /** Whether the lines being read are rows of a table (it ends at a blank line or a line with no pipe). */
  private table = false;
  /** Lines are left out until the next blank line (a footnote definition, an HTML block). */
  private skipping = false;
  /** An open `$$` math block: its start and end so far, for "Formula." to stand for. */
  private math: { start: number; end: number } | undefined;
  /** Whether the open flow block is a paragraph that lines can continue (not a heading or a cell). */
  private paragraph = false;
  /** Whether that paragraph is an ordinary one, which a setext underline can turn into a heading. */
  private plainParagraph = false;
  private quoteDepth = 0;
  /** Content columns of the open list items, innermost last. */
  private lists: number[] = [];

  constructor(
    private readonly source: string,
    private readonly sourceOffset: number,
    private readonly options: MarkdownSpeechOptions,
  ) {
    this.flow = new SpeechFlow(source, sourceOffset);
  }

  read(): SpokenText {
    const { source } = this;
    let pos = this.sourceOffset === 0 ? this.frontMatterEnd() : 0;
    while (pos < source.length) {
      const end = lineEnd(source, pos);
      this.line(pos, end);
      pos = afterLineBreak(source, end);
    }
    this.closeFence();
    this.closeCode();
    this.closeMath();
    this.closeParagraph();
    return this.flow.speak({ html: true, references: this.references, math: true });
  }

  /** Where the text after YAML (`---`) or TOML (`+++`) front matter starts; 0 if there is none. */
  private frontMatterEnd(): number {
    const { source } = this;
    const start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
    const first = lineEnd(source, start);
    const fence = source.slice(start, first).trimEnd();
    if (fence !== '---' && fence !== '+++') return 0;
    // A rule, not front matter, if a blank line follows it ("---\n\n# Title … ---").
    const second = afterLineBreak(source, first);
    if (source.slice(second, lineEnd(source, second)).trim() === '') return 0;
    for (let pos = second; pos < source.length;) {
      const end = lineEnd(source, pos);
      const line = source.slice(pos, end).trimEnd();
      if (line === fence || (fence === '---' && line === '...')) return afterLineBreak(source, end);
      pos = afterLineBreak(source, end);
    }
    return 0; // unterminated: a thematic break after all
  }

  private line(start: number, end: number): void {
    const { source } = this;
    if (this.fence && this.fenceLine(start, end)) return;
    if (this.htmlEnd !== undefined) {
      const close = indexOfIgnoringCase(source, this.htmlEnd, start, end);
      if (close >= 0) this.htmlEnd = undefined;
      return;
    }
    if (this.math) {
      this.math.end = end;
      if (source.slice(start, end).includes('$$')) this.closeMath();
      return;
    }

    // Block quote markers: "> > text".
    let p = start;
    let depth = 0;
    for (;;) {
      const marker = skipSpaces(source, p, end, 3);
      if (source.charCodeAt(marker) !== 0x3e /* > */) break;
      depth++;
      p = marker + 1;
      const c = source.charCodeAt(p);
      if (c === 0x20 || c === 0x09) p++;
    }
    if (depth !== this.quoteDepth) {
      // Entering a quote starts a new block; leaving one may be a lazy continuation of its paragraph.
      if (depth > this.quoteDepth) this.closeParagraph();
      this.closeCode();
      this.endTable();
      this.lists = [];
      this.quoteDepth = depth;
    }

    const contentStart = skipSpaces(source, p, end, Infinity);
    if (contentStart === end) {
      this.skipping = false;
      this.closeParagraph();
      this.endTable();
      // Blank lines inside an indented code block stay in it (a trailing one is cleaned away).
      if (this.code && this.options.codeBlocks === 'read') this.flow.addLine(end, end);
      return;
    }
    if (this.skipping) return;
    const indent = columns(source, p, contentStart);

    if (this.table && this.tableRow(contentStart, end)) return;

    let k = 0;
    while (k < this.lists.length && (this.lists[k] ?? 0) <= indent) k++;
    const base = k > 0 ? (this.lists[k - 1] ?? 0) : 0;
    const relative = indent - base;

    if (this.code) {
      if (indent >= this.code.column) {
        this.codeLine(stripColumns(source, p, end, this.code.column), end);
        return;
      }
      this.closeCode();
    }

    if (relative >= 4) {
      if (this.paragraph) {
        this.flow.addLine(contentStart, trimEnd(source, contentStart, end));
      } else {
        this.lists.length = k;
        this.openCode(p, base + 4, end);
      }
      return;
    }
    this.blockLine(contentStart, end, indent, k);
  }

  /** A line that is not indented code: a block starter, or text. */
  private blockLine(contentStart: number, end: number, indent: number, containers: number): void {
    const { source } = this;
    const rest = source.slice(contentStart, Math.min(end, contentStart + 16));
    const first = source.charCodeAt(contentStart);

    if (first === 0x60 || first === 0x7e) {
      let fenceEnd = contentStart;
      while (fenceEnd < end && source.charCodeAt(fenceEnd) === first) fenceEnd++;
      const info = source.slice(fenceEnd, end);
      // A backtick fence's info string has no backticks: "```js``` " is inline code, not a fence.
      if (fenceEnd - contentStart >= 3 && !(first === 0x60 && info.includes('`'))) {
        this.closeParagraph();
        this.lists.length = containers;
        const infoStart = skipSpaces(source, fenceEnd, end, Infinity);
        const language = LANGUAGE.exec(source.slice(infoStart, end));
        const languageStart = language ? infoStart : -1;
        this.openFence({
          char: first,
          length: fenceEnd - contentStart,
          indent,
          container: containers > 0 ? (this.lists[containers - 1] ?? 0) : 0,
          quoteDepth: this.quoteDepth,
          start: contentStart,
          end,
          languageStart,
          languageEnd: language ? languageStart + (language[0] ?? '').length : -1,
        });
        return;
      }
    }

    if (first === 0x23 /* # */) {
      const heading = ATX_HEADING.exec(rest);
      if (heading) {
        this.closeParagraph();
        this.lists.length = containers;
        this.heading(contentStart + (heading[0] ?? '').length, end);
        return;
      }
    }

    // A setext underline turns the paragraph above into a heading; the paragraph already ends a sentence.
    if ((first === 0x3d || first === 0x2d) && this.plainParagraph && SETEXT.test(source.slice(contentStart, end))) {
      this.closeParagraph();
      return;
    }

    if ((first === 0x2a || first === 0x2d || first === 0x5f) && THEMATIC_BREAK.test(source.slice(contentStart, end))) {
      this.closeParagraph();
      this.lists.length = containers;
      return;
    }

    if (first === 0x3c /* < */ && this.htmlBlock(contentStart, end)) return;

    if (first === 0x24 /* $ */ && source.startsWith('$$', contentStart) && !this.paragraph) {
      this.openMath(contentStart, end);
      return;
    }

    if (first === 0x2a || first === 0x2d || first === 0x2b || (first >= 0x30 && first <= 0x39)) {
      const item = LIST_ITEM.exec(source.slice(contentStart, Math.min(end, contentStart + 16)));
      if (item && this.listItem(item[1] ?? '', contentStart, end, indent, containers)) return;
    }

    if (first === 0x5b /* [ */ && !this.paragraph) {
      const definition = REFERENCE_DEFINITION.exec(source.slice(contentStart, Math.min(end, contentStart + 1100)));
      if (definition) {
        const label = definition[1] ?? '';
        if (label.startsWith('^')) {
          // A footnote's text would interrupt the reading where it is defined (often far from its marker).
          this.lists.length = containers;
          this.skipping = true;
        } else if ((definition[2] ?? '') !== '') {
          this.references.add(normaliseLabel(label));
        } else {
          this.openParagraph(contentStart, end, true); // "[x]:" with no destination is just text
        }
        return;
      }
    }

    if (!this.table && this.tableStart(contentStart, end)) return;

    if (this.paragraph) {
      this.flow.addLine(contentStart, trimEnd(source, contentStart, end));
    } else {
      this.lists.length = containers;
      this.openParagraph(contentStart, end, true);
    }
  }

  private heading(from: number, end: number): void {
    const { source } = this;
    let contentEnd = trimEnd(source, from, end);
    // A closing run of "#"s is decoration, if a space separates it from the text ("# C#" keeps its #).
    let hashes = contentEnd;
    while (hashes > from && source.charCodeAt(hashes - 1) === 0x23) hashes--;
    if (hashes < contentEnd && (hashes === from || source.charCodeAt(hashes - 1) === 0x20 || source.charCodeAt(hashes - 1) === 0x09)) {
      contentEnd = trimEnd(source, from, hashes);
    }
    const contentStart = skipSpaces(source, from, contentEnd, Infinity);
    if (contentStart >= contentEnd) return;
    this.flow.begin(true, BlockEnding.Sentence, contentStart);
    this.flow.addLine(contentStart, contentEnd);
    this.flow.end();
  }

  private listItem(marker: string, contentStart: number, end: number, indent: number, containers: number): boolean {
    const { source } = this;
    const markerEnd = contentStart + marker.length;
    const textStart = skipSpaces(source, markerEnd, end, Infinity);
    const empty = textStart === end;
    if (this.paragraph && this.plainParagraph && containers === 0) {
      // Only "1." or a non-empty bullet can interrupt a paragraph: "in\n1986. It was…" is one sentence.
      const ordered = marker.length > 1 || (marker >= '0' && marker <= '9');
      if (empty || (ordered && Number.parseInt(marker, 10) !== 1)) return false;
    }
    this.closeParagraph();
    this.lists.length = containers;
    // The item's content starts after the marker and its spaces, or one column after the marker when
    // there are five or more (the rest is indented code) or none (the text starts on the next line).
    const spaces = columns(source, markerEnd, textStart);
    const contentColumn = indent + marker.length + (empty || spaces > 4 ? 1 : spaces);
    this.lists.push(contentColumn);
    if (empty) return true;
    let text = textStart;
    const task = TASK_BOX.exec(source.slice(text, Math.min(end, text + 8)));
    if (task) text = skipSpaces(source, text + task[0].length, end, Infinity);
    if (text < end) this.openParagraph(text, end, false);
    return true;
  }

  private openParagraph(start: number, end: number, plain: boolean): void {
    this.closeParagraph();
    const contentEnd = trimEnd(this.source, start, end);
    this.flow.begin(true, BlockEnding.Sentence, start);
    this.flow.addLine(start, contentEnd);
    this.paragraph = true;
    this.plainParagraph = plain;
  }

  private closeParagraph(): void {
    if (this.paragraph) this.flow.end();
    this.paragraph = false;
    this.plainParagraph = false;
  }

  /**
   * HTML starting on this line: a comment or script/style block is skipped to its end; a block-level
   * element (`<div>`, `<details>`, …) or a line that is only a tag is skipped to the next blank line.
   * Other HTML is inline: its tags are dropped and its text read.
   */
  private htmlBlock(contentStart: number, end: number): boolean {
    const { source } = this;
    const head = source.slice(contentStart, Math.min(end, contentStart + 12)).toLowerCase();
    let terminator: string | undefined;
    if (head.startsWith('<!--')) terminator = '-->';
    else if (/^<(?:script|style|textarea)(?:[\s>]|$)/.test(head)) terminator = `</${/^<([a-z]+)/.exec(head)?.[1] ?? ''}>`;
    else if (head.startsWith('<?')) terminator = '?>';
    else if (head.startsWith('<![cdata[')) terminator = ']]>';
    if (terminator === undefined) {
      const line = source.slice(contentStart, end);
      const blockElement = HTML_BLOCK_ELEMENT.exec(line);
      // A line that is only a tag cannot interrupt a paragraph (CommonMark HTML block type 7).
      if (!(blockElement && HTML_BLOCK_NAMES.has((blockElement[1] ?? '').toLowerCase())) && (this.paragraph || !HTML_TAG_LINE.test(line))) {
        return false;
      }
      this.closeParagraph();
      this.skipping = true;
      return true;
    }
    this.closeParagraph();
    const from = contentStart + (terminator === '-->' ? 4 : 2);
    if (indexOfIgnoringCase(source, terminator, from, end) < 0) this.htmlEnd = terminator;
    return true;
  }

  // --- Code blocks -------------------------------------------------------------------------------------

  private openFence(fence: OpenFence): void {
    this.fence = fence;
    if (this.options.codeBlocks === 'read') this.flow.begin(false, BlockEnding.None, fence.start);
  }

  /**
   * A line while a fence is open: true if it belonged to the fence (content or the closing fence), false
   * if the fence's container ended and the line must be read as usual.
   */
  private fenceLine(start: number, end: number): boolean {
    const fence = this.fence as OpenFence;
    const { source } = this;
    let p = start;
    for (let depth = 0; depth < fence.quoteDepth; depth++) {
      const marker = skipSpaces(source, p, end, 3);
      if (source.charCodeAt(marker) !== 0x3e) {
        this.closeFence();
        return false;
      }
      p = marker + 1;
      if (source.charCodeAt(p) === 0x20) p++;
    }
    const contentStart = skipSpaces(source, p, end, Infinity);
    if (contentStart < end && fence.container > 0 && columns(source, p, contentStart) < fence.container) {
      this.closeFence();
      return false;
    }
    const close = CLOSING_FENCE.exec(source.slice(contentStart, end));
    if (
      close &&
      columns(source, p, contentStart) - fence.container < 4 &&
      source.charCodeAt(contentStart) === fence.char &&
      (close[1] ?? '').length >= fence.length
    ) {
      fence.end = end;
      this.closeFence();
      return true;
    }
    fence.end = end;
    if (this.options.codeBlocks === 'read') {
      const from = stripColumns(source, p, end, fence.indent);
      this.flow.addLine(from, end);
    }
    return true;
  }

  private closeFence(): void {
    const fence = this.fence;
    if (!fence) return;
    this.fence = undefined;
    if (this.options.codeBlocks === 'read') {
      this.flow.end();
    } else if (this.options.codeBlocks === 'announce') {
      this.announceCode(fence.start, fence.end, fence.languageStart, fence.languageEnd);
    }
  }

  private openCode(p: number, column: number, end: number): void {
    this.closeParagraph();
    const start = stripColumns(this.source, p, end, column);
    this.code = { column, start, end };
    if (this.options.codeBlocks === 'read') this.flow.begin(false, BlockEnding.None, start);
    this.codeLine(start, end);
  }

  private codeLine(start: number, end: number): void {
    const code = this.code as IndentedCode;
    code.end = end;
    if (this.options.codeBlocks === 'read') this.flow.addLine(start, end);
  }

  private closeCode(): void {
    const code = this.code;
    if (!code) return;
    this.code = undefined;
    if (this.options.codeBlocks === 'read') this.flow.end();
    else if (this.options.codeBlocks === 'announce') this.announceCode(code.start, code.end, -1, -1);
  }

  /** "Code block." or "Code block in Python.", standing for the whole block; the language as written. */
  private announceCode(start: number, end: number, languageStart: number, languageEnd: number): void {
    this.closeParagraph();
    const flow = this.flow;
    flow.begin(false, BlockEnding.None, start);
    flow.addReplacement('Code block', start, end);
    if (languageStart >= 0 && languageEnd > languageStart) {
      flow.addReplacement(' in ', start, end);
      const written = this.source.slice(languageStart, languageEnd);
      const name = LANGUAGE_NAMES[written.toLowerCase()];
      if (name !== undefined) flow.addReplacement(name, languageStart, languageEnd);
      else flow.addPiece(languageStart, languageEnd);
    }
    flow.addReplacement('.', start, end);
    flow.end();
  }

  // --- Math --------------------------------------------------------------------------------------------

  /** A `$$` block: "Formula.", standing for the whole block; `$$ x $$` on one line is a block too. */
  private openMath(start: number, end: number): void {
    this.closeParagraph();
    this.math = { start, end };
    if (this.source.slice(start + 2, end).includes('$$')) this.closeMath();
  }

  private closeMath(): void {
    const math = this.math;
    if (!math) return;
    this.math = undefined;
    this.flow.begin(false, BlockEnding.None, math.start);
    this.flow.addReplacement('Formula.', math.start, math.end);
    this.flow.end();
  }

  // --- Tables ------------------------------------------------------------------------------------------

  /** A header row followed by a delimiter row starts a table (GFM). */
  private tableStart(contentStart: number, end: number): boolean {
    const { source } = this;
    if (!hasPipe(source, contentStart, end)) return false;
    const nextStart = afterLineBreak(source, end);
    if (nextStart >= source.length) return false;
    const nextEnd = lineEnd(source, nextStart);
    let q = nextStart;
    for (let depth = 0; depth < this.quoteDepth; depth++) {
      const marker = skipSpaces(source, q, nextEnd, 3);
      if (source.charCodeAt(marker) !== 0x3e) return false;
      q = marker + 1;
    }
    // A delimiter row without a pipe ("---") would be a setext underline or a rule instead.
    const delimiter = source.slice(q, nextEnd);
    if (!delimiter.includes('|') || !DELIMITER_ROW.test(delimiter)) return false;
    this.closeParagraph();
    this.table = true;
    this.skipNextLine = nextEnd;
    const tables = this.options.tables ?? 'read';
    if (tables !== 'skip') {
      const columnCount = delimiter.split('|').filter((cell) => cell.trim() !== '').length;
      const rows = this.countTableRows(nextEnd);
      const size = `Table, ${columnCount} ${columnCount === 1 ? 'column' : 'columns'}, ${rows} ${rows === 1 ? 'row' : 'rows'}.`;
      this.flow.begin(false, BlockEnding.None, contentStart);
      this.flow.addReplacement(size, contentStart, tables === 'read' ? end : rows > 0 ? this.tableEnd(nextEnd) : nextEnd);
      this.flow.end();
    }
    if (tables === 'read') this.row(contentStart, end, true);
    return true;
  }

  /** Rows after the delimiter row that ends at `delimiterEnd`: lines with a pipe, up to a blank line. */
  private countTableRows(delimiterEnd: number): number {
    const { source } = this;
    let rows = 0;
    for (let pos = afterLineBreak(source, delimiterEnd); pos < source.length; pos = afterLineBreak(source, lineEnd(source, pos))) {
      const end = lineEnd(source, pos);
      if (source.slice(pos, end).trim() === '' || !hasPipe(source, pos, end)) break;
      rows++;
    }
    return rows;
  }

  /** The end of the last row of the table whose delimiter row ends at `delimiterEnd`. */
  private tableEnd(delimiterEnd: number): number {
    const { source } = this;
    let last = delimiterEnd;
    for (let pos = afterLineBreak(source, delimiterEnd); pos < source.length; pos = afterLineBreak(source, lineEnd(source, pos))) {
      const end = lineEnd(source, pos);
      if (source.slice(pos, end).trim() === '' || !hasPipe(source, pos, end)) break;
      last = end;
    }
    return last;
  }

  /** Set when the next line (the delimiter row) has been read already, to its end. */
  private skipNextLine = -1;

  /** A line while a table is open: true if it was a row (or the delimiter row). */
  private tableRow(contentStart: number, end: number): boolean {
    if (this.skipNextLine === end) {
      this.skipNextLine = -1;
      return true;
    }
    if (!hasPipe(this.source, contentStart, end)) {
      this.endTable();
      return false;
    }
    if ((this.options.tables ?? 'read') === 'read') this.row(contentStart, end, false);
    return true;
  }

  private endTable(): void {
    this.table = false;
    this.skipNextLine = -1;
  }

  /** Reads a row cell by cell: cells end in a pause, the row in a sentence end. */
  private row(contentStart: number, end: number, header: boolean): void {
    const { source } = this;
    const cells: Array<[number, number]> = [];
    let cellStart = contentStart;
    const rowEnd = trimEnd(source, contentStart, end);
    for (let i = contentStart; i <= rowEnd; i++) {
      if (i === rowEnd || (source.charCodeAt(i) === 0x7c && source.charCodeAt(i - 1) !== 0x5c)) {
        const from = skipSpaces(source, cellStart, i, Infinity);
        const to = trimEnd(source, from, i);
        if (to > from) cells.push([from, to]);
        cellStart = i + 1;
      }
    }
    cells.forEach(([from, to], n) => {
      const last = n === cells.length - 1;
      const separator = n > 0 ? ' ' : header ? '\n\n' : '\n';
      this.flow.begin(true, last ? BlockEnding.Sentence : BlockEnding.Clause, from, separator);
      this.flow.addLine(from, to);
      this.flow.end();
    });
  }
}

/** A line starting with a block-level HTML element (CommonMark HTML block type 6). */
const HTML_BLOCK_ELEMENT = /^<\/?([A-Za-z][A-Za-z0-9]*)(?:[\s/>]|$)/;
const HTML_BLOCK_NAMES = new Set(
  'address article aside blockquote body center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html iframe legend li main menu nav ol p section summary table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
/** A line that is only one complete open or closing tag (CommonMark HTML block type 7). */
const HTML_TAG_LINE =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;

// Friendly names for the languages whose fence tags are not words a voice can say.
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  js: 'JavaScript',
  javascript: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  ts: 'TypeScript',
  typescript: 'TypeScript',
  tsx: 'TypeScript',
  py: 'Python',
  python: 'Python',
  python3: 'Python',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  shell: 'shell',
  console: 'shell',
  shellscript: 'shell',
  ps1: 'PowerShell',
  powershell: 'PowerShell',
  pwsh: 'PowerShell',
  cs: 'C#',
  csharp: 'C#',
  cpp: 'C++',
  'c++': 'C++',
  cxx: 'C++',
  hpp: 'C++',
  rb: 'Ruby',
  ruby: 'Ruby',
  rs: 'Rust',
  rust: 'Rust',
  go: 'Go',
  golang: 'Go',
  kt: 'Kotlin',
  kotlin: 'Kotlin',
  yml: 'YAML',
  yaml: 'YAML',
  json: 'JSON',
  jsonc: 'JSON',
  md: 'Markdown',
  markdown: 'Markdown',
  html: 'HTML',
  xml: 'XML',
  css: 'CSS',
  scss: 'SCSS',
  sql: 'SQL',
  dockerfile: 'Dockerfile',
  tf: 'Terraform',
  hcl: 'HCL',
  objc: 'Objective-C',
  java: 'Java',
  swift: 'Swift',
  php: 'PHP',
  lua: 'Lua',
  r: 'R',
  c: 'C',
  diff: 'diff',
  toml: 'TOML',
};

const CLOSING_FENCE = /^(`{3,}|~{3,})[ \t]*$/;
/** The language of a fence's info string: its first word, if it looks like a language name. */
const LANGUAGE = /^[A-Za-z][A-Za-z0-9_+#.-]{0,30}(?=$|[\s{,])/;
const ATX_HEADING = /^#{1,6}(?=[ \t]|$)/;
const SETEXT = /^(?:=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const LIST_ITEM = /^([-+*]|[0-9]{1,9}[.)])([ \t]+|$)/;
const TASK_BOX = /^\[[ xX]\](?=[ \t]|$)/;
const REFERENCE_DEFINITION = /^\[((?:[^\]\\]|\\.){1,999})\]:[ \t]*(.*)$/;
const DELIMITER_ROW = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

function hasPipe(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x7c) return true;
  return false;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i;
  }
  return text.length;
}

function afterLineBreak(text: string, end: number): number {
  if (text.charCodeAt(end) === 0x0d && text.charCodeAt(end + 1) === 0x0a) return end + 2;
  return end + 1;
}

/** Skips up to `max` columns of spaces and tabs. */
function skipSpaces(text: string, from: number, end: number, max: number): number {
  let i = from;
  let column = 0;
  while (i < end && column < max) {
    const c = text.charCodeAt(i);
    if (c === 0x20) column++;
    else if (c === 0x09) column += 4 - (column % 4);
    else break;
    if (column > max) break;
    i++;
  }
  return i;
}

/** Strips up to `count` columns of indentation from the line starting at `from`. */
function stripColumns(text: string, from: number, end: number, count: number): number {
  return skipSpaces(text, from, end, count);
}

function columns(text: string, from: number, to: number): number {
  let column = 0;
  for (let i = from; i < to; i++) column += text.charCodeAt(i) === 0x09 ? 4 - (column % 4) : 1;
  return column;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  return end;
}

function indexOfIgnoringCase(text: string, needle: string, from: number, end: number): number {
  const index = text.slice(from, end).toLowerCase().indexOf(needle);
  return index < 0 ? -1 : from + index;
}
