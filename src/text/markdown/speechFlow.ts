// Assembling spoken text from the blocks of a structured document (Markdown, or the comments of a code file)
// in three maps, each over the previous one's text:
//   1. the flow: the blocks' text in reading order with their syntax around them removed (heading marks,
//      list bullets, quote markers, comment leaders), lines joined, blocks separated by blank lines;
//   2. the inline pass over each block's text: emphasis, links, code spans (see markdownInline.ts), and a
//      "." where a block ends without punctuation, so the voice ends the sentence there;
//   3. cleanForSpeech: control characters, whitespace.
// composeSpokenText chains the three, so every spoken word still maps to its exact document range.

import { cleanSpokenText, composeSpokenText, SpokenText, SpokenTextBuilder } from '../spoken';
import { appendInline, InlineOptions } from './markdownInline';

export const enum BlockEnding {
  /** Ends however it ends (code). */
  None,
  /** Ends a clause: "," unless punctuated (a table cell before the last). */
  Clause,
  /** Ends a sentence: "." unless punctuated (headings, list items, paragraphs, table rows). */
  Sentence,
}

interface FlowBlock {
  readonly start: number;
  end: number;
  /** Inline Markdown to interpret, or text to speak as it is (code). */
  readonly inline: boolean;
  readonly ending: BlockEnding;
}

/**
 * Collects the blocks of one document in reading order (map 1 above) and speaks them (maps 2 and 3).
 * Blocks are separated by a paragraph break, or by what `begin` is given (table cells by a space).
 */
export class SpeechFlow {
  private readonly builder: SpokenTextBuilder;
  private readonly blocks: FlowBlock[] = [];
  private open: FlowBlock | undefined;
  /** End of the last source range added to the open block, or -1 before its first. */
  private lastEnd = -1;

  constructor(
    private readonly source: string,
    sourceOffset: number,
  ) {
    this.builder = new SpokenTextBuilder(source, sourceOffset);
  }

  /** Starts a block; `at` is the source offset it starts at (where the separator before it maps). */
  begin(inline: boolean, ending: BlockEnding, at: number, separator = '\n\n'): void {
    this.end();
    if (this.builder.length > 0) this.builder.appendReplacement(separator, at, at);
    this.open = { start: this.builder.length, end: this.builder.length, inline, ending };
    this.lastEnd = -1;
  }

  /** Adds `source.slice(start, end)` as a line of the open block: after a line break if it is not the first. */
  addLine(start: number, end: number): void {
    if (!this.open) return;
    if (this.lastEnd >= 0) {
      // The break stands for everything between the lines: the line ending, quote markers, indentation.
      if (start - this.lastEnd === 1 && this.source.charCodeAt(this.lastEnd) === 0x0a) this.builder.appendSource(this.lastEnd, start);
      else this.builder.appendReplacement('\n', this.lastEnd, start);
    }
    this.addPiece(start, end);
  }

  /** Adds `source.slice(start, end)` to the open block, straight after what is there. */
  addPiece(start: number, end: number): void {
    if (!this.open) return;
    this.builder.appendSource(start, end);
    this.lastEnd = end;
  }

  /** Adds `text` to the open block, standing for `source.slice(start, end)`. */
  addReplacement(text: string, start: number, end: number): void {
    if (!this.open) return;
    this.builder.appendReplacement(text, start, end);
    this.lastEnd = end;
  }

  end(): void {
    if (!this.open) return;
    this.open.end = this.builder.length;
    if (this.open.end > this.open.start) this.blocks.push(this.open);
    this.open = undefined;
  }

  /** The spoken text of everything added, with its map back to the document. */
  speak(options: InlineOptions): SpokenText {
    this.end();
    const flow = this.builder.build();
    const text = flow.text;
    const spoken = new SpokenTextBuilder(text);
    let copied = 0;
    for (const block of this.blocks) {
      spoken.appendSource(copied, block.start);
      // The ending is inserted right after the block's last word; composeSpokenText maps it to the end of
      // that word in the document.
      if (block.inline) appendInline(spoken, text, block.start, block.end, options, (last) => endingFor(block.ending, last));
      else spoken.appendSource(block.start, block.end); // code: ends however it ends
      copied = block.end;
    }
    spoken.appendSource(copied, text.length);
    return cleanSpokenText(composeSpokenText(spoken.build(), flow));
  }
}

const SENTENCE_END = new Set('.!?…:;。！？｡'.split('').map((c) => c.charCodeAt(0)));
const CLAUSE_END = new Set('.!?…:;,。！？｡，、'.split('').map((c) => c.charCodeAt(0)));

function endingFor(ending: BlockEnding, last: number): string {
  if (ending === BlockEnding.Sentence) return SENTENCE_END.has(last) ? '' : '.';
  if (ending === BlockEnding.Clause) return CLAUSE_END.has(last) ? '' : ',';
  return '';
}
