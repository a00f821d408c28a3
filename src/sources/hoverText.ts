// A hover's contents as one Markdown text for the ear. Pure: no vscode import (the shapes below are what
// `vscode.executeHoverProvider` gives back: MarkdownString, or the deprecated MarkedString).

/** A piece of a hover: plain Markdown, a MarkdownString (`value`), or a MarkedString code snippet (`language` + `value`). */
export type HoverPart = string | { readonly value: string; readonly language?: string };

/** The contents of every hover, in order, joined as Markdown paragraphs; '' when there is nothing to say. */
export function hoverMarkdown(hovers: ReadonlyArray<{ readonly contents: readonly HoverPart[] }>): string {
  return hovers
    .flatMap((hover) => hover.contents.map(partMarkdown))
    .filter((markdown) => markdown.trim() !== '')
    .join('\n\n');
}

function partMarkdown(part: HoverPart): string {
  if (typeof part === 'string') {
    return part;
  }
  if (typeof part?.value !== 'string') {
    return '';
  }
  // A MarkedString snippet is code in a language: a fenced block, so the code-block setting applies to it.
  return typeof part.language === 'string' && part.value.trim() !== '' ? fenced(part.value, part.language) : part.value;
}

/** A code fence longer than any run of backticks in the code, so the code cannot close it early. */
function fenced(code: string, language: string): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language.replace(/[\s`]/g, '')}\n${code}\n${fence}`;
}
