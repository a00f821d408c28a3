import * as assert from 'node:assert/strict';
import { CodeBlockReading, markdownForSpeech } from '../../src/text/markdown';
import { splitForSynthesis, splitSentences } from '../../src/text/sentences';
import type { SpokenText } from '../../src/text/spoken';
import { assertPhraseMaps, assertSpokenMapsBack, assertValidSegments, seededRandom, spokenWords } from './textSupport.test';

/** Where the test documents pretend to start, so that a forgotten offset shows. */
const OFFSET = 1000;
/** Words the reader says that are not in the document. */
const INSERTED = new Set([
  'Code',
  'block',
  'in',
  'link',
  'to',
  'Python',
  'JavaScript',
  'TypeScript',
  'shell',
  'Markdown',
  'Table',
  'column',
  'columns',
  'row',
  'rows',
  'Formula',
  'formula',
  '0',
  '1',
  '2',
]);

function speak(source: string, codeBlocks: CodeBlockReading = 'announce', offset = OFFSET): SpokenText {
  return markdownForSpeech(source, offset, { codeBlocks });
}

/** Asserts the spoken text, that every word maps back to itself, and returns the spoken text. */
function reads(source: string, expected: string, codeBlocks: CodeBlockReading = 'announce', offset = OFFSET): SpokenText {
  const spoken = speak(source, codeBlocks, offset);
  assert.equal(spoken.text, expected, `for ${JSON.stringify(source)}`);
  const checked = assertSpokenMapsBack(spoken, source, offset, INSERTED);
  if (spokenWords(expected).some(({ word }) => !INSERTED.has(word))) assert.ok(checked > 0, 'no word checked');
  return spoken;
}

/** Asserts that the n-th `word` of the spoken text maps to exactly the n-th `word` of the source. */
function mapsTo(spoken: SpokenText, source: string, word: string, occurrence = 0, offset = OFFSET): void {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = source.indexOf(word, at + 1);
  assertPhraseMaps(spoken, source, offset, word, word, at, occurrence);
}

describe('markdownForSpeech', () => {
  describe('headings', () => {
    it('reads ATX headings without their marks, each as its own sentence', () => {
      const source = '# Title\n\nBody text.\n\n## Why?\n### Closing hashes ###\n#### C#\n#hashtag is text';
      const spoken = reads(source, 'Title.\n\nBody text.\n\nWhy?\n\nClosing hashes.\n\nC#.\n\n#hashtag is text.');
      mapsTo(spoken, source, 'Title');
      mapsTo(spoken, source, 'Closing hashes');
      mapsTo(spoken, source, 'C#');
      // The inserted "." belongs to the end of the heading, not to the text after it.
      assert.deepEqual(spoken.sourceRange(0, 6), { start: OFFSET + 2, end: OFFSET + 7 });
    });

    it('ends a heading with a sentence break that the sentence splitter sees', () => {
      const spoken = reads('# Install\nRun the installer', 'Install.\n\nRun the installer.');
      const sentences = splitSentences(spoken).map((s) => spoken.text.slice(s.start, s.end));
      assert.deepEqual(sentences, ['Install.', 'Run the installer.']);
    });

    it('reads setext headings without their underline', () => {
      const source = 'Big Title\n=========\nSub title\n---\ntext';
      const spoken = reads(source, 'Big Title.\n\nSub title.\n\ntext.');
      mapsTo(spoken, source, 'Sub title');
    });

    it('reads inline markup inside headings', () => {
      const source = '## The `config` *file* [guide](https://x.io)';
      const spoken = reads(source, 'The config file guide.');
      mapsTo(spoken, source, 'config');
      mapsTo(spoken, source, 'file');
      mapsTo(spoken, source, 'guide');
    });
  });

  describe('emphasis', () => {
    it('drops emphasis, strong and strikethrough markers', () => {
      const source = '*a* _b_ **c** __d__ ***e*** ~~f~~ ~g~ ___h___';
      const spoken = reads(source, 'a b c d e f g h.');
      for (const word of ['c', 'e', 'f', 'h']) mapsTo(spoken, source, word);
    });

    it('handles nested emphasis', () => {
      const source = '**bold *italic* bold** and *outer **inner** outer* and ***all** some*';
      const spoken = reads(source, 'bold italic bold and outer inner outer and all some.');
      mapsTo(spoken, source, 'italic');
      mapsTo(spoken, source, 'inner');
      mapsTo(spoken, source, 'all');
      assertPhraseMaps(spoken, source, OFFSET, 'bold italic bold', 'bold *italic* bold', 2);
    });

    it('maps a word with emphasis inside it to the whole word', () => {
      const source = 'un*frigging*believable';
      const spoken = reads(source, 'unfriggingbelievable.');
      assertPhraseMaps(spoken, source, OFFSET, 'unfriggingbelievable', source, 0);
    });

    it('keeps asterisks and underscores that are not markers', () => {
      reads('2*3 = 6, 2 * 3 = 6, snake_case_name, __init__ method', '2*3 = 6, 2 * 3 = 6, snake_case_name, init method.');
      reads('about ~5 minutes', 'about ~5 minutes.');
      // Strikethrough runs pair only with runs of the same length; a leftover "~~" is still dropped.
      reads('~one~~ two', '~one two.');
    });

    it('drops unmatched markers that would be read as noise', () => {
      reads('**oops and *more', 'oops and more.');
      reads('trailing** here', 'trailing here.');
      reads('~~never closed', 'never closed.');
    });

    it('reads escaped markers as the characters', () => {
      const source = '\\*not emphasis\\* and \\# not a heading \\_x\\_';
      const spoken = reads(source, '*not emphasis* and # not a heading _x_.');
      mapsTo(spoken, source, 'emphasis');
      assertPhraseMaps(spoken, source, OFFSET, '*not', '*not', 1);
      reads('\\# Not a heading', '# Not a heading.');
    });
  });

  describe('links and images', () => {
    it('reads a link as its text', () => {
      const source = 'See [the guide](https://example.com/guide "Guide title") for more.';
      const spoken = reads(source, 'See the guide for more.');
      mapsTo(spoken, source, 'the guide');
      mapsTo(spoken, source, 'more');
    });

    it('handles parentheses and angle brackets in the destination', () => {
      const source = 'Read [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) and [spaced](<my file.md>) and [t](u (title)).';
      const spoken = reads(source, 'Read Foo and spaced and t.');
      mapsTo(spoken, source, 'spaced');
      mapsTo(spoken, source, 'and', 1);
    });

    it('reads reference links as their text and skips the definitions', () => {
      const source = 'Use [the API][api], [collapsed][] or [api].\n\n[api]: https://example.com/api\n[collapsed]: <https://x.y> "T"';
      const spoken = reads(source, 'Use the API, collapsed or api.');
      mapsTo(spoken, source, 'API');
      mapsTo(spoken, source, 'collapsed');
    });

    it('keeps brackets that are not links, but never says "]("', () => {
      reads('An aside [sic] stays.', 'An aside [sic] stays.');
      reads('Broken [link](https://x.io oops', 'Broken link(link to x.io oops.');
      reads('Stray ](paren', 'Stray (paren.');
      reads('Not an image ![alt] here, nor ![this', 'Not an image !alt here, nor !this.');
    });

    it('says where a link with no text goes', () => {
      const source = 'Home: [](https://github.com/microsoft/vscode) done';
      const spoken = reads(source, 'Home: link to github.com done.');
      mapsTo(spoken, source, 'github.com');
      // "link to" stands for the whole link.
      assertPhraseMaps(spoken, source, OFFSET, 'link to', '[](https://github.com/microsoft/vscode)', 6);
    });

    it('reads images as their alt text, or not at all', () => {
      const source = '![A happy cat](cat.png) ![](spacer.gif) [![Build status](https://ci/badge.svg)](https://ci/x)';
      const spoken = reads(source, 'A happy cat Build status.');
      mapsTo(spoken, source, 'A happy cat');
      mapsTo(spoken, source, 'Build status');
      reads('<img src="logo.png" alt="The logo" width="40"> text', 'The logo text.');
    });

    it('reads bare URLs and autolinks as "link to" their host', () => {
      const source = 'Fixed in https://github.com/microsoft/vscode/issues/237030. Also <https://example.com/a> and www.example.org/x.';
      const spoken = reads(source, 'Fixed in link to github.com. Also link to example.com and link to example.org.');
      mapsTo(spoken, source, 'github.com');
      mapsTo(spoken, source, 'example.org');
      assertPhraseMaps(spoken, source, OFFSET, 'link to', 'https://github.com/microsoft/vscode/issues/237030', 9);
    });

    it('does not read markers inside a URL as emphasis', () => {
      reads('See https://example.com/_private_/x*y* now', 'See link to example.com now.');
    });

    it('leaves e-mail addresses alone', () => {
      const source = 'Mail me@example.com or <you@example.org>.';
      const spoken = reads(source, 'Mail me@example.com or you@example.org.');
      mapsTo(spoken, source, 'you@example.org');
    });

    it('shortens a URL used as link text', () => {
      reads('[https://example.com/long/path](https://example.com/long/path)', 'link to example.com.');
    });
  });

  describe('code', () => {
    it('reads inline code as its content', () => {
      const source = 'Run `npm install` then ``a ` tick`` and `**not bold**`.';
      const spoken = reads(source, 'Run npm install then a ` tick and **not bold**.');
      mapsTo(spoken, source, 'npm install');
      mapsTo(spoken, source, 'tick');
    });

    it('drops an unmatched backtick', () => {
      reads('a ` b', 'a b.');
    });

    it('announces, skips or reads fenced code blocks with ``` and ~~~', () => {
      const source = 'Before.\n\n```python\nprint("hi")\n```\n\n~~~\nplain\n~~~\n\nAfter.';
      const announced = reads(source, 'Before.\n\nCode block in Python.\n\nCode block.\n\nAfter.', 'announce');
      // "Code block in Python." stands for the whole fence.
      const fenceStart = source.indexOf('```');
      const fenceEnd = source.indexOf('```', fenceStart + 3) + 3;
      assertPhraseMaps(announced, source, OFFSET, 'Code block in Python.', source.slice(fenceStart, fenceEnd), fenceStart);
      reads(source, 'Before.\n\nAfter.', 'skip');
      const read = reads(source, 'Before.\n\nprint("hi")\n\nplain\n\nAfter.', 'read');
      mapsTo(read, source, 'print("hi")');
      mapsTo(read, source, 'plain');
    });

    it('says an unknown language as written, mapped to the info string', () => {
      const source = '```haskell {.numberLines}\nmain = pure ()\n```';
      const spoken = reads(source, 'Code block in haskell.');
      mapsTo(spoken, source, 'haskell');
      reads('```{r, echo=FALSE}\nx\n```', 'Code block.');
    });

    it('needs a closing fence as long as the opening one', () => {
      const source = '````md\n```js\ninner\n```\n````\nAfter';
      reads(source, '```js\ninner\n```\n\nAfter.', 'read');
      reads(source, 'Code block in Markdown.\n\nAfter.', 'announce');
    });

    it('reads indented code blocks per the option', () => {
      const source = 'Para.\n\n    const x = 1;\n\n    const y = 2;\n\nAfter.';
      reads(source, 'Para.\n\nCode block.\n\nAfter.', 'announce');
      reads(source, 'Para.\n\nAfter.', 'skip');
      const read = reads(source, 'Para.\n\nconst x = 1;\n\nconst y = 2;\n\nAfter.', 'read');
      mapsTo(read, source, 'const y = 2;');
    });

    it('does not take a continuation line for code', () => {
      reads('A paragraph\n    continued with indent', 'A paragraph\ncontinued with indent.');
    });

    it('finds fences inside list items and block quotes', () => {
      reads('- Step:\n  ```sh\n  npm test\n  ```\n- Done', 'Step:\n\nnpm test\n\nDone.', 'read');
      reads('> ```\n> quoted code\n> ```\n> after', 'quoted code\n\nafter.', 'read');
      reads('> ```\n> code\nnot quoted', 'Code block.\n\nnot quoted.', 'announce');
    });
  });

  describe('block structure', () => {
    it('reads block quotes without markers', () => {
      const source = '> Quoted *text*\n> continues\n>\n> > Nested quote\n\nOutside';
      const spoken = reads(source, 'Quoted text\ncontinues.\n\nNested quote.\n\nOutside.');
      mapsTo(spoken, source, 'continues');
      mapsTo(spoken, source, 'Nested quote');
      reads('> lazy\ncontinuation', 'lazy\ncontinuation.');
    });

    it('reads list items as sentences of their own', () => {
      const source = '- first item\n- second!\n* star\n+ plus\n\n1. one\n2) two.\n10. ten';
      const spoken = reads(source, 'first item.\n\nsecond!\n\nstar.\n\nplus.\n\none.\n\ntwo.\n\nten.');
      mapsTo(spoken, source, 'first item');
      mapsTo(spoken, source, 'ten');
      const sentences = splitSentences(spoken).map((s) => spoken.text.slice(s.start, s.end));
      assert.deepEqual(sentences, ['first item.', 'second!', 'star.', 'plus.', 'one.', 'two.', 'ten.']);
    });

    it('reads nested lists, continuation lines and task boxes', () => {
      const source = '- [ ] todo item\n- [x] done item\n  - nested\n    wrapped line\n\n  second paragraph\n- last';
      const spoken = reads(source, 'todo item.\n\ndone item.\n\nnested\nwrapped line.\n\nsecond paragraph.\n\nlast.');
      mapsTo(spoken, source, 'done item');
      mapsTo(spoken, source, 'wrapped line');
    });

    it('does not start a list where a sentence goes on', () => {
      reads('It happened in\n1986. A good year.', 'It happened in\n1986. A good year.');
      reads('A list:\n1. one', 'A list:\n\none.');
    });

    it('reads tables cell by cell without separators', () => {
      const source = '| Name | Value |\n|:-----|------:|\n| `a` | **1** |\n| b \\| c | 2 |\n\nAfter';
      const spoken = reads(source, 'Table, 2 columns, 2 rows.\n\nName, Value.\na, 1.\nb | c, 2.\n\nAfter.');
      mapsTo(spoken, source, 'Value');
      assertPhraseMaps(spoken, source, OFFSET, '1', '1', source.indexOf('**1') + 2);
      // The announcement stands for the header row.
      assertPhraseMaps(spoken, source, OFFSET, 'Table, 2 columns, 2 rows.', '| Name | Value |', 0);
      reads('a | b\n--|--\nc | d', 'Table, 2 columns, 1 row.\n\na, b.\nc, d.');
    });

    it('only announces tables, or skips them, as readAloud.markdown.tables says', () => {
      const source = 'Before.\n\n| Name | Value |\n|---|---|\n| a | 1 |\n| b | 2 |\n| c | 3 |\n\nAfter';
      const announced = markdownForSpeech(source, OFFSET, { codeBlocks: 'announce', tables: 'announce' });
      assert.equal(announced.text, 'Before.\n\nTable, 2 columns, 3 rows.\n\nAfter.');
      // It stands for the whole table.
      const table = source.slice(source.indexOf('|'), source.indexOf('| c | 3 |') + '| c | 3 |'.length);
      assertPhraseMaps(announced, source, OFFSET, 'Table, 2 columns, 3 rows.', table, source.indexOf('|'));
      assert.equal(markdownForSpeech(source, OFFSET, { codeBlocks: 'announce', tables: 'skip' }).text, 'Before.\n\nAfter.');
    });

    it('announces math blocks as a formula, standing for the whole block', () => {
      const source = 'Energy:\n\n$$\nE = mc^2\n$$\n\nAnd $$ x $$ inline-looking.\n\n$$ a + b $$\n\nEnd';
      const spoken = reads(source, 'Energy:\n\nFormula.\n\nAnd formula inline-looking.\n\nFormula.\n\nEnd.');
      assertPhraseMaps(spoken, source, OFFSET, 'Formula.', '$$\nE = mc^2\n$$', source.indexOf('$$'));
      reads('$$\nnever closed', 'Formula.');
    });

    it('announces inline math as a formula, standing for exactly its source, and leaves prices as text', () => {
      const source = 'When $x^2 + y^2 = r^2$ holds, and $$\\frac{a}{b}$$ too, the $n$th try costs $5 and $10.';
      const spoken = reads(source, 'When formula holds, and formula too, the formula th try costs $5 and $10.');
      assertPhraseMaps(spoken, source, OFFSET, 'formula', '$x^2 + y^2 = r^2$', source.indexOf('$x'));
      assertPhraseMaps(spoken, source, OFFSET, 'formula', '$$\\frac{a}{b}$$', source.indexOf('$$'), 1);
      // "$n$th": spaced from the word it touches, the space still inside the math's range.
      assertPhraseMaps(spoken, source, OFFSET, 'formula th', '$n$th', source.indexOf('$n$'));
      mapsTo(spoken, source, '$5 and $10.');
      // Pandoc's rules: no space inside the dollars, no digit right after the closing one; escapes and code are text.
      reads('Pay $20,000 and $30,000 now', 'Pay $20,000 and $30,000 now.');
      reads('From $ 5 to $ 10 $', 'From $ 5 to $ 10 $.');
      reads('A $x $ is text', 'A $x $ is text.');
      reads('A $ x$ is text', 'A $ x$ is text.');
      reads('Between $1$2 and 3$', 'Between formula.');
      reads('Escaped \\$x$ and `$y$` stay', 'Escaped $x$ and $y$ stay.');
      reads('Unclosed $$x and $y', 'Unclosed $$x and $y.');
      reads('# Area $\\pi r^2$', 'Area formula.');
      reads('- $a$, $b$', 'formula, formula.');
    });

    it('does not mistake a paragraph with a pipe for a table', () => {
      reads('a | b\nnot a delimiter', 'a | b\nnot a delimiter.');
    });

    it('skips front matter at the top of the document', () => {
      const source = '---\ntitle: Hello\ntags: [a, b]\n---\n# Doc\n\nText';
      reads(source, 'Doc.\n\nText.', 'announce', 0);
      reads('\uFEFF+++\ntitle = "x"\n+++\nBody', 'Body.', 'announce', 0);
      // Unterminated, or followed by a blank line, it is a rule and the text after it.
      reads('---\ntitle: x', 'title: x.', 'announce', 0);
      reads('---\n\n# Title\n\ntext\n\n---\n\nmore', 'Title.\n\ntext.\n\nmore.', 'announce', 0);
      // Not at the top of the document (a selection), "---" lines are rules and underlines.
      reads('---\nsome text\n---\nmore', 'some text.\n\nmore.', 'announce', 50);
    });

    it('drops horizontal rules', () => {
      reads('one\n\n---\n\ntwo\n\n***\n* * *\n___\n- - -\nthree', 'one.\n\ntwo.\n\nthree.');
    });

    it('skips HTML comments and HTML blocks; inline tags are dropped and their text read', () => {
      const source =
        'Text <!-- hidden --> shown.\n\n<!--\nmulti\nline\n-->\n\n<div align="center">\n<b>Bold</b> words<br>next\n</div>\n\nSome <b>bold</b> words<br>later.';
      const spoken = reads(source, 'Text shown.\n\nSome bold words later.');
      mapsTo(spoken, source, 'bold');
      mapsTo(spoken, source, 'later');
      reads('<script>\nalert("x")\n</script>\n<style>p{}</style>\nafter', 'after.');
      // A line that is only a tag starts an HTML block (to the blank line); inside a paragraph it is inline.
      reads('<img src="logo.png" alt="Logo">\nbadge text\n\nAfter', 'After.');
      reads('Para\n<img src="x">\nmore', 'Para\n\nmore.');
      reads('<details>\n<summary>More</summary>\n\nShown after the blank line.', 'Shown after the blank line.');
    });

    it('decodes entities', () => {
      const source = 'Fish &amp; chips &copy; 2024 &#8212; &#x1F600; &nbsp;end &unknown; here';
      const spoken = reads(source, 'Fish & chips © 2024 — 😀 end &unknown; here.');
      mapsTo(spoken, source, 'chips');
      assertPhraseMaps(spoken, source, OFFSET, '&', '&amp;', source.indexOf('&amp;'));
    });

    it('drops footnote markers and skips footnote definitions', () => {
      reads('A claim[^1].\n\n[^1]: The source,\ncontinued.\n\nNext paragraph.', 'A claim.\n\nNext paragraph.');
    });
  });

  describe('text', () => {
    it('handles CRLF line endings', () => {
      const source = '# Title\r\n\r\nPara one\r\nline two\r\n\r\n- item\r\n\r\n```js\r\nx()\r\n```\r\n';
      const spoken = reads(source, 'Title.\n\nPara one\nline two.\n\nitem.\n\nCode block in JavaScript.');
      mapsTo(spoken, source, 'line two');
      // The line break stands for the whole CRLF.
      const lineBreak = spoken.text.indexOf('\n', spoken.text.indexOf('Para'));
      const crlf = source.indexOf('\r\nline');
      assert.deepEqual(spoken.sourceRange(lineBreak, lineBreak + 1), { start: OFFSET + crlf, end: OFFSET + crlf + 2 });
      reads('a\r\nb\rc', 'a\nb\nc.');
    });

    it('keeps emoji, combining marks and right-to-left text intact', () => {
      const source = '# 🎉 Release\n\n**👍🏽 great** 👨‍👩‍👧 family, e\u0301te\u0301, שָׁלוֹם, 中文。';
      const spoken = reads(source, '🎉 Release.\n\n👍🏽 great 👨‍👩‍👧 family, e\u0301te\u0301, שָׁלוֹם, 中文。');
      for (const phrase of ['🎉', '👍🏽', '👨‍👩‍👧', 'e\u0301te\u0301', 'שָׁלוֹם']) mapsTo(spoken, source, phrase);
    });

    it('cleans control characters and collapses whitespace like cleanForSpeech', () => {
      reads('a\u0007b   c\t\td\u000B\n\n\n\ne', 'a b c d.\n\ne.');
      reads('   \n\n  ', '');
      reads('', '');
    });

    it('adds the source offset to every position', () => {
      const source = '**Word**';
      for (const offset of [0, 1, 123456]) {
        const spoken = reads(source, 'Word.', 'announce', offset);
        assert.deepEqual(spoken.sourceRange(0, 4), { start: offset + 2, end: offset + 6 });
      }
    });
  });

  describe('a README', () => {
    const readme = [
      '---',
      'layout: default',
      '---',
      '<!-- badges -->',
      '[![CI](https://github.com/o/r/actions/workflows/ci.yml/badge.svg)](https://github.com/o/r/actions)',
      '',
      '# Read Aloud',
      '',
      'Reads documents *aloud* with **neural voices**. See the [docs](https://example.com/docs) or',
      'https://github.com/o/r/issues/12.',
      '',
      '## Features',
      '',
      '- Highlights the word being spoken',
      '- Works offline? No, it needs `speech.platform.bing.com`',
      '  - nested: [x] not a task box',
      '- [x] Task done',
      '',
      '## Install',
      '',
      '```bash',
      'npm install --save read-aloud',
      '```',
      '',
      '| Setting | Default |',
      '|---------|---------|',
      '| `voice` | Ava |',
      '| speed | 1.0 |',
      '',
      '> **Note**',
      '> Requires VS Code 1.96.',
      '',
      '---',
      '',
      'Licensed under MIT &copy; 2024.',
      '',
    ].join('\n');

    const expected = [
      'CI.',
      'Read Aloud.',
      'Reads documents aloud with neural voices. See the docs or\nlink to github.com.',
      'Features.',
      'Highlights the word being spoken.',
      'Works offline? No, it needs speech.platform.bing.com.',
      'nested: [x] not a task box.',
      'Task done.',
      'Install.',
      'Code block in shell.',
      'Table, 2 columns, 2 rows.',
      'Setting, Default.\nvoice, Ava.\nspeed, 1.0.',
      'Note\nRequires VS Code 1.96.',
      'Licensed under MIT © 2024.',
    ].join('\n\n');

    it('reads as a listener expects', () => {
      reads(readme, expected, 'announce', 0);
    });

    it('maps its words back to the document', () => {
      const spoken = reads(readme, expected, 'announce', 0);
      for (const word of [
        'Read Aloud',
        'neural voices',
        'Highlights',
        'speech.platform.bing.com',
        'Ava',
        'Requires VS Code 1.96.',
        'MIT',
      ]) {
        mapsTo(spoken, readme, word, 0, 0);
      }
      assertPhraseMaps(spoken, readme, 0, 'aloud', 'aloud', readme.indexOf('*aloud') + 1);
      assertPhraseMaps(spoken, readme, 0, 'docs', 'docs', readme.indexOf('[docs') + 1);
    });

    it('splits into sentences at headings and list items', () => {
      const spoken = speak(readme, 'announce', 0);
      const sentences = splitSentences(spoken).map((s) => spoken.text.slice(s.start, s.end));
      assert.ok(sentences.includes('Read Aloud.'));
      assert.ok(sentences.includes('Features.'));
      assert.ok(sentences.includes('Highlights the word being spoken.'));
      assert.ok(sentences.includes('Code block in shell.'));
    });

    it('maps each sentence to a document range that begins and ends with its first and last words', () => {
      const spoken = speak(readme, 'announce', 0);
      for (const sentence of splitSentences(spoken)) {
        const text = spoken.text.slice(sentence.start, sentence.end);
        const range = spoken.sourceRange(sentence.start, sentence.end);
        const words = spokenWords(text).filter(({ word }) => !INSERTED.has(word));
        const first = words[0];
        const last = words[words.length - 1];
        if (!first || !last) continue;
        const documentText = readme.slice(range.start, range.end);
        assert.ok(
          documentText.startsWith(first.word) || documentText.startsWith('[') || documentText.startsWith('`'),
          `${text} → ${documentText}`,
        );
        assert.ok(documentText.includes(last.word), `${text} → ${documentText}`);
      }
    });
  });

  describe('robustness', () => {
    it('never throws on unterminated constructs', () => {
      const cases = [
        '**',
        '*',
        '_',
        '~~',
        '`',
        '```',
        '~~~',
        '[',
        '![',
        '[a',
        '[a]',
        '[a](',
        '[a](b',
        '[a](<b',
        '[a](b "t',
        '<',
        '<!--',
        '<!-- x',
        '<a href="x',
        '&',
        '&#',
        '&#x;',
        '&amp',
        '\\',
        '# ',
        '#',
        '>',
        '> ',
        '- ',
        '1.',
        '| a |\n|--',
        '---',
        '---\n',
        '```js\ncode',
        '    ',
        '\t\tx',
        '<script>',
        '[^1]:',
        '[x]:',
        '![a](b)(c)',
        ']]]]',
        '((((',
        '[[[[',
        '`` ` ``',
        'a\\',
        '\r',
        '\r\n',
        '\n\n\n',
        '\u0000',
        '\uD800',
        '\uDC00 x',
        '😀*',
        '*😀*',
      ];
      for (const source of cases) {
        for (const mode of ['skip', 'announce', 'read'] as const) {
          const spoken = speak(source, mode);
          assertSpokenMapsBack(spoken, source, OFFSET, INSERTED);
        }
      }
    });

    it('stays linear on pathological input', function () {
      this.timeout(60_000);
      const n = 40_000;
      const inputs = [
        '*a '.repeat(n),
        '_a_'.repeat(n),
        '[a'.repeat(n),
        'a]('.repeat(n),
        '<a '.repeat(n),
        '<!-- '.repeat(n),
        '`a ``'.repeat(n),
        '![a'.repeat(n),
        '&#'.repeat(n),
        '- a\n'.repeat(n),
        '> '.repeat(n),
        '| a '.repeat(n) + '\n|-|-|\n',
        '\\'.repeat(n),
        'https://a.b/'.repeat(n),
        '[a](b "'.repeat(n),
        '**a *b '.repeat(n),
        '<!X'.repeat(n),
        `${'<a b'.repeat(n)}>`,
        '```\n'.repeat(n),
        '    a\n\n'.repeat(n),
        '> - > 1. '.repeat(n),
        '$a '.repeat(n),
        '$$a '.repeat(n),
        'a$ $b'.repeat(n),
      ];
      const started = Date.now();
      for (const source of inputs) speak(source, 'read');
      const elapsed = Date.now() - started;
      // Linear work on these is well under a second, a few on a busy machine; quadratic would be minutes.
      assert.ok(elapsed < 20_000, `took ${elapsed} ms`);
    });

    it('fuzz: never throws, maps every word back, and says no Markdown markers', () => {
      const random = seededRandom(0x3a7e);
      for (let n = 0; n < 300; n++) {
        const withCode = n % 2 === 0;
        const source = randomMarkdown(random, withCode);
        const mode = (['skip', 'announce', 'read'] as const)[n % 3] ?? 'announce';
        const offset = Math.floor(random() * 5000);
        const context = `case ${n} (${mode}): ${JSON.stringify(source.slice(0, 300))}`;
        try {
          const spoken = markdownForSpeech(source, offset, { codeBlocks: mode });
          assertSpokenMapsBack(spoken, source, offset, INSERTED);
          // Cleaned: no control characters, no runs of spaces, no trailing whitespace.
          assert.ok(!/[\u0000-\u0009\u000B-\u001F]| {2}|^\s|\s$/.test(spoken.text), 'not clean');
          if (!withCode && mode !== 'read') {
            // Code (spans, and blocks in 'read' mode, which stray indentation can make) is spoken verbatim;
            // everything else says no Markdown markers.
            // ("![" is not among them: "!" before a literal bracket is text, as in "Wow![sic]".)
            for (const marker of ['**', '~~', '](', '```', '<!--']) {
              assert.ok(!spoken.text.includes(marker), `says ${marker}: ${JSON.stringify(spoken.text)}`);
            }
          }
          assertValidSegments(spoken.text, splitForSynthesis(spoken, 300), 300);
        } catch (error) {
          throw new Error(`${context}\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
    });
  });
});

const WORDS = ['alpha', 'beta', 'gamma', 'délta', 'ünïcode', '数据', 'שלום', 'x1', '42', 'e\u0301', '😀', '👨‍👩‍👧'];
const SYNTAX = [
  '*',
  '**',
  '***',
  '_',
  '__',
  '~',
  '~~',
  '[',
  ']',
  '(',
  ')',
  '](',
  '![',
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#38;',
  '\\#',
  '\\[',
  '# ',
  '## ',
  '> ',
  '- ',
  '* ',
  '1. ',
  '| ',
  ' |',
  '|---|---|',
  '---',
  '***',
  '    ',
  '\t',
  '<b>',
  '</b>',
  '<br>',
  '<!-- ',
  ' -->',
  '<https://example.com/p>',
  'https://github.com/o/r',
  'www.example.org',
  'me@example.com',
  '[^1]',
  '[^1]: ',
  '[ref]: /u',
  '- [ ] ',
  '- [x] ',
  ':',
  '.',
  '!',
  '?',
  ',',
  '"',
  "'",
  '\u0007',
  '\uFEFF',
  '\u00A0',
  '$',
  '$$',
  '\\$',
];
const LINE_BREAKS = ['\n', '\n\n', '\r\n', '\r', '\n\n\n'];
const CODE = ['`', '``', '```', '~~~', '```python\n', '\n```\n', '`code`', '    indented'];

/** Markdown-ish text: words, syntax in random places, line structure; code syntax only when asked. */
function randomMarkdown(random: () => number, withCode: boolean): string {
  const parts: string[] = [];
  const count = 5 + Math.floor(random() * 120);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.35) parts.push(pick(WORDS));
    else if (r < 0.45) parts.push(' ');
    else if (r < 0.55) parts.push(pick(LINE_BREAKS));
    else if (r < 0.6) parts.push(`[${pick(WORDS)}](https://example.com/${pick(WORDS)}_(x))`);
    else if (r < 0.65) parts.push(`**${pick(WORDS)} *${pick(WORDS)}***`);
    else if (withCode && r < 0.72) parts.push(pick(CODE));
    else parts.push(pick(SYNTAX));
  }
  return parts.join('');
}
