import * as assert from 'node:assert/strict';
import {
  commentsForSpeech,
  documentForSpeech,
  isCodeLanguage,
  plainTextForSpeech,
  selectionForSpeech,
} from '../../src/text/code/codeForSpeech';
import { splitSentences } from '../../src/text/sentences';
import type { SpokenText } from '../../src/text/spoken';
import { assertPhraseMaps, assertSpokenMapsBack, seededRandom, spokenWords } from './textSupport.test';

const OFFSET = 700;
const INSERTED = new Set(['link', 'to', 'Code', 'block']);

/** Asserts the spoken comments of `source` and that every word maps back; returns the spoken text. */
function comments(source: string, languageId: string, expected: string, offset = OFFSET): SpokenText {
  const spoken = commentsForSpeech(source, offset, languageId);
  assert.equal(spoken.text, expected, `${languageId}: ${JSON.stringify(source)}`);
  const checked = assertSpokenMapsBack(spoken, source, offset, INSERTED);
  if (spokenWords(expected).length > 0) assert.ok(checked > 0);
  return spoken;
}

function mapsTo(spoken: SpokenText, source: string, phrase: string, occurrence = 0, offset = OFFSET): void {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) at = source.indexOf(phrase, at + 1);
  assertPhraseMaps(spoken, source, offset, phrase, phrase, at, occurrence);
}

describe('commentsForSpeech', () => {
  describe('// and /* */ languages', () => {
    it('reads line comments, joining consecutive ones into one sentence', () => {
      const source = '// Adds two numbers\n// and returns them\nconst add = (a, b) => a + b;\n\n// Second thought.\n';
      const spoken = comments(source, 'typescript', 'Adds two numbers\nand returns them.\n\nSecond thought.');
      mapsTo(spoken, source, 'returns them');
      mapsTo(spoken, source, 'Second thought.');
      assert.deepEqual(
        splitSentences(spoken).map((s) => spoken.text.slice(s.start, s.end)),
        ['Adds two numbers\nand returns them.', 'Second thought.'],
      );
    });

    it('strips JSDoc leaders and reads tags without their @', () => {
      const source = [
        '/**',
        ' * Formats a **date** for `display`.',
        ' *',
        ' * See {@link Intl.DateTimeFormat} and {@link Other | the other one}.',
        ' * @param date - the date',
        ' * @returns the text',
        ' */',
        'export function format(date: Date): string {',
      ].join('\n');
      const spoken = comments(
        source,
        'javascript',
        'Formats a date for display.\n\nSee Intl.DateTimeFormat and the other one.\n\nparam date - the date.\n\nreturns the text.',
      );
      mapsTo(spoken, source, 'Intl.DateTimeFormat');
      mapsTo(spoken, source, 'the other one');
      mapsTo(spoken, source, 'param date');
      mapsTo(spoken, source, 'display');
    });

    it('ignores comment markers inside strings, template literals and characters', () => {
      const source = [
        'const url = "https://example.com/a"; // real comment',
        "const s = 'it\\'s /* not */ a comment';",
        'const t = `multi',
        '// still the template',
        '${x} /* nor this */`;',
        "const c = '/';",
        '/* a block */',
      ].join('\n');
      comments(source, 'typescript', 'real comment.\n\na block.');
      comments('let s = "\\" // not"; // yes', 'c', 'yes.');
    });

    it('keeps Rust lifetimes from starting a string, and nests block comments', () => {
      const source = "fn first<'a>(x: &'a str) -> char { 'x' } // lifetime fine\n/* outer /* inner */ still outer */ fn f() {}";
      comments(source, 'rust', 'lifetime fine.\n\nouter / inner / still outer.');
      comments('/// Doc comment\n//! Inner doc\nfn main() {}', 'rust', 'Doc comment\nInner doc.');
    });

    it('skips decoration and tool pragmas', () => {
      const source = [
        '// ----------------------------',
        '/* ************************** */',
        '// eslint-disable-next-line no-console',
        'console.log(x); // @ts-ignore',
        '/* istanbul ignore next */',
        '// prettier-ignore',
        '// ====== Section ======',
      ].join('\n');
      comments(source, 'typescript', 'Section.');
    });

    it('reads a trailing comment as its own sentence', () => {
      comments('x = 1; // set x\ny = 2; // then y\n// Own line', 'csharp', 'set x\nthen y.\n\nOwn line.');
    });

    it('shortens URLs in comments', () => {
      const source = '// Workaround for https://github.com/microsoft/vscode/issues/237030\nfoo();';
      const spoken = comments(source, 'go', 'Workaround for link to github.com.');
      mapsTo(spoken, source, 'github.com');
    });

    it('keeps type parameters that look like HTML', () => {
      comments('// Returns a Promise<void> or Map<string, T>.', 'typescript', 'Returns a Promise<void> or Map<string, T>.');
    });

    it('has no line comments in CSS', () => {
      comments('a { background: url(http://x/y.png); } /* Brand colour */', 'css', 'Brand colour.');
    });
  });

  describe('# languages', () => {
    it('reads Python comments and docstrings, not other strings', () => {
      const source = [
        '#!/usr/bin/env python3',
        '# -*- coding: utf-8 -*-',
        '"""Module docstring.',
        '',
        'More detail here.',
        '"""',
        'import os  # the os module',
        '',
        'def double(x):',
        "    r'''Return x doubled.'''",
        '    s = """not a docstring"""',
        '    call("""nor this""")',
        '    y = (',
        '        """nor this, inside brackets"""',
        '    )',
        '    return x * 2  # noqa: E501',
        '# a hash in a string: "#fff" is fine',
        'c = "#fff"  # colour',
      ].join('\n');
      const spoken = comments(
        source,
        'python',
        // The own-line comment and the trailing one after it are separate thoughts.
        'Module docstring.\n\nMore detail here.\n\nthe os module.\n\nReturn x doubled.\n\na hash in a string: "#fff" is fine.\n\ncolour.',
      );
      mapsTo(spoken, source, 'Module docstring.');
      mapsTo(spoken, source, 'Return x doubled.');
      mapsTo(spoken, source, 'colour');
    });

    it('only takes # at the start of a word in shell and YAML', () => {
      comments('echo "$# args" ${#arr[@]} # count them\nx=a#b', 'shellscript', 'count them.');
      comments("key: it's value#1 # the key\nurl: 'http://x/#frag' # url", 'yaml', 'the key\nurl.');
    });

    it('reads Ruby block comments', () => {
      comments('=begin\nBlock of docs\n=end\nputs 1 # inline', 'ruby', 'Block of docs.\n\ninline.');
    });
  });

  describe('-- languages', () => {
    it('reads SQL comments, not strings', () => {
      comments("SELECT '-- not' AS x -- the x\n/* A block\n   comment */ FROM t;", 'sql', 'the x.\n\nA block\ncomment.');
    });

    it('reads Lua long comments', () => {
      comments('--[[ Long\ncomment ]]\nlocal x = 1 -- short\n--[==[ level two ]==]', 'lua', 'Long\ncomment.\n\nshort.\n\nlevel two.');
    });

    it('reads Haskell comments, not operators', () => {
      comments(
        '{- nested {- inner -} outer -}\nmain = a --> b\n-- | Haddock doc\nf = 1',
        'haskell',
        'nested {- inner -} outer.\n\nHaddock doc.',
      );
    });
  });

  it('handles CRLF, emoji and a nonzero offset', () => {
    const source = '// Line one 😀\r\n// line two\r\n/**\r\n * Block é\u0301\r\n */\r\nx();';
    for (const offset of [0, 12345]) {
      const spoken = comments(source, 'java', 'Line one 😀\nline two.\n\nBlock é\u0301.', offset);
      mapsTo(spoken, source, '😀', 0, offset);
      mapsTo(spoken, source, 'line two', 0, offset);
      mapsTo(spoken, source, 'Block é\u0301', 0, offset);
    }
  });

  it('never throws on unterminated comments and strings', () => {
    const cases: Array<[string, string]> = [
      ['/* open', 'typescript'],
      ['"open // x', 'typescript'],
      ['`open', 'javascript'],
      ['"""open', 'python'],
      ["'''", 'python'],
      ['{- open {- deeper', 'haskell'],
      ['--[[ open', 'lua'],
      ["'open -- x", 'sql'],
      ['/**/', 'c'],
      ['/*/', 'c'],
      ['//', 'go'],
      ['#', 'python'],
      ['=begin', 'ruby'],
      ['<!-- open', 'xml'],
      ['\\', 'shellscript'],
      ['', 'rust'],
      ['"\\', 'c'],
    ];
    for (const [source, language] of cases) assertSpokenMapsBack(commentsForSpeech(source, OFFSET, language), source, OFFSET, INSERTED);
    assert.equal(commentsForSpeech('/* open comment', 0, 'c').text, 'open comment.');
  });

  it('has no comments for an unknown language', () => {
    assert.equal(commentsForSpeech('// looks like a comment', 0, 'plaintext').text, '');
  });

  it('fuzz: comments of random code map back word for word', () => {
    const random = seededRandom(0xc0de);
    const pieces = [
      '//',
      '/*',
      '*/',
      '#',
      '--',
      '"',
      "'",
      '`',
      '"""',
      "'''",
      '\\',
      '{-',
      '-}',
      '--[[',
      ']]',
      '\n',
      '\r\n',
      ' ',
      '\t',
      'alpha',
      'béta',
      '数据',
      '😀',
      'x1',
      '(',
      ')',
      '{',
      '}',
      '@param',
      '{@link',
      '*',
      '=begin',
      '=end',
      'https://example.com/p',
      ';',
      ':',
    ];
    const languages = ['typescript', 'python', 'shellscript', 'sql', 'lua', 'haskell', 'rust', 'ruby', 'css', 'xml'];
    for (let n = 0; n < 300; n++) {
      const source = Array.from({ length: Math.floor(random() * 80) }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('');
      const language = languages[n % languages.length] ?? 'typescript';
      const offset = Math.floor(random() * 1000);
      try {
        assertSpokenMapsBack(commentsForSpeech(source, offset, language), source, offset, INSERTED);
      } catch (error) {
        throw new Error(`case ${n} (${language}): ${JSON.stringify(source)}\n${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
  });
});

describe('documentForSpeech and selectionForSpeech', () => {
  const code = '// Greets the user.\nconst greeting = "Hello, https://example.com";\n';
  const markdown = '# Title\n\nSome **bold** text.\n\n```js\nconst a = 1;\nconst b = 2;\n```\n\nAfter the code.';

  it('reads a code document by its comments, or all of it', () => {
    assert.equal(documentForSpeech(code, 0, 'typescript', { codeBlocks: 'announce', codeFiles: 'comments' }).text, 'Greets the user.');
    assert.equal(
      documentForSpeech(code, 0, 'typescript', { codeBlocks: 'announce', codeFiles: 'all' }).text,
      '// Greets the user.\nconst greeting = "Hello, https://example.com";',
    );
  });

  it('reads a code selection exactly as selected', () => {
    const selection = 'const url = "https://example.com/x"; // **not markdown**';
    assert.equal(selectionForSpeech(selection, 40, 'typescript').text, selection);
  });

  it('reads Markdown without its syntax, document or selection', () => {
    assert.equal(
      documentForSpeech(markdown, 0, 'markdown', { codeBlocks: 'announce', codeFiles: 'comments' }).text,
      'Title.\n\nSome bold text.\n\nCode block in JavaScript.\n\nAfter the code.',
    );
    const selected = selectionForSpeech('Some **bold** text', 9, 'markdown', { codeBlocks: 'skip' });
    assert.equal(selected.text, 'Some bold text.');
    assert.deepEqual(selected.sourceRange(5, 9), { start: 16, end: 20 });
  });

  it('reads plain text cleaned, with URLs shortened', () => {
    const source = 'Details:\thttps://github.com/microsoft/vscode/issues/237030  or mail me@example.com';
    assert.equal(selectionForSpeech(source, 0, 'plaintext').text, 'Details: link to github.com or mail me@example.com');
    assert.equal(
      documentForSpeech(source, 0, 'log', { codeBlocks: 'skip', codeFiles: 'all' }).text,
      'Details: link to github.com or mail me@example.com',
    );
    assert.equal(plainTextForSpeech(source, 3).sourceRange(0, 8).start, 3);
  });

  it('starts at the word under the cursor, understanding what comes before it', () => {
    const options = { codeBlocks: 'read', codeFiles: 'comments' } as const;
    // The cursor is inside a code fence: the rest of the fence is still code, read as code.
    const insideFence = documentForSpeech(markdown, 0, 'markdown', { ...options, from: markdown.indexOf('b = 2') + 1 });
    assert.equal(insideFence.text, 'b = 2;\n\nAfter the code.');
    assert.deepEqual(insideFence.sourceRange(0, 1), { start: markdown.indexOf('b = 2'), end: markdown.indexOf('b = 2') + 1 });
    // In the middle of a word: that whole word.
    const midWord = documentForSpeech(markdown, 0, 'markdown', { ...options, from: markdown.indexOf('old') });
    assert.equal(midWord.text, 'bold text.\n\nconst a = 1;\nconst b = 2;\n\nAfter the code.');
    // Inside a block comment.
    const source = '/**\n * First line.\n * Second line.\n */';
    const fromComment = documentForSpeech(source, 100, 'typescript', { ...options, from: 100 + source.indexOf('Second') });
    assert.equal(fromComment.text, 'Second line.');
    // Past the end: nothing, at the end.
    assert.equal(documentForSpeech(markdown, 0, 'markdown', { ...options, from: markdown.length }).text, '');
    // Just after a word: that word; on a blank line between paragraphs: the next paragraph.
    const prose = 'One two.\n\n\nThree four.';
    assert.equal(documentForSpeech(prose, 0, 'plaintext', { ...options, from: prose.indexOf('.') + 1 }).text, 'two.\n\nThree four.');
    assert.equal(documentForSpeech(prose, 0, 'plaintext', { ...options, from: prose.indexOf('\n') + 1 }).text.trim(), 'Three four.');
  });

  it('knows which languages are code', () => {
    for (const id of ['typescript', 'python', 'rust', 'sql', 'shellscript', 'yaml', 'go']) assert.ok(isCodeLanguage(id), id);
    for (const id of ['markdown', 'plaintext', 'log', 'toString', '__proto__']) assert.ok(!isCodeLanguage(id), id);
  });
});
