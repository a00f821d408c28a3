import * as assert from 'node:assert/strict';
import { escapedPrefixEnd, escapeXml } from '../../src/text/ssml';
import { assertWellFormedXmlContent, utf8Bytes } from './textSupport.test';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    assert.equal(escapeXml(`a < b && c > "d" 'e'`), 'a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;');
  });

  it('makes ]]> harmless', () => {
    assert.equal(escapeXml('x]]>y'), 'x]]&gt;y');
    assertWellFormedXmlContent(escapeXml('<![CDATA[ x ]]>'));
  });

  it('escapes markup and entities as text, so they are spoken and not interpreted', () => {
    assert.equal(escapeXml('</prosody><speak>'), '&lt;/prosody&gt;&lt;speak&gt;');
    assert.equal(escapeXml('&amp; &#60;'), '&amp;amp; &amp;#60;');
  });

  it('leaves emoji, RTL text and combining marks unchanged', () => {
    for (const text of ['👨‍👩‍👧‍👦 🇫🇷 😀', 'مرحبا بالعالم', 'שלום עולם', 'e\u0301 a\u0308\u0323', '中文 日本語 한국어']) {
      assert.equal(escapeXml(text), text);
    }
  });

  it('turns characters XML cannot carry into spaces, one for one', () => {
    assert.equal(escapeXml('a\u0000b\u0008c\u000Bd\u000Ce\u001Ff'), 'a b c d e f');
    assert.equal(escapeXml('x\uFFFEy\uFFFFz'), 'x y z');
    assert.equal(escapeXml('tab\tlf\ncr\r'), 'tab\tlf\ncr\r');
  });

  it('turns lone surrogates into spaces and keeps pairs', () => {
    assert.equal(escapeXml('a\uD800b'), 'a b');
    assert.equal(escapeXml('a\uDC00b'), 'a b');
    assert.equal(escapeXml('\uDC00\uD800'), '  ');
    assert.equal(escapeXml('\uD83D\uDE00\uD83D'), '😀 ');
  });

  it('always produces well-formed character data', () => {
    const nasty = ['<speak>&</speak>', '&amp;', ']]>', '\u0000\u0001\u007F\u0085', '\uD800\uDFFF\uDFFF', `"'<&>`, 'ok'];
    for (const text of nasty) assertWellFormedXmlContent(escapeXml(text));
  });
});

describe('escapedPrefixEnd', () => {
  const samples = ['', 'abc', '&', '<>', `"'`, 'é', '中', '😀', '\uD800', '\uDC00x', '\u0001', '\uFFFF', 'a&😀<中é"\uD800'];

  it('counts exactly the UTF-8 bytes of the escaped text: that budget takes it all, one byte less does not', () => {
    for (const text of samples) {
      const bytes = utf8Bytes(escapeXml(text));
      assert.equal(escapedPrefixEnd(text, 0, bytes), text.length, JSON.stringify(text));
      if (text !== '') assert.ok(escapedPrefixEnd(text, 0, bytes - 1) < text.length, JSON.stringify(text));
    }
  });

  it('measures from `start`', () => {
    const text = 'ab&cd😀';
    assert.equal(escapedPrefixEnd(text, 1, utf8Bytes(escapeXml('b&c'))), 4);
    assert.equal(escapedPrefixEnd(text, 5, 4), 7);
  });

  it('returns the longest prefix within the budget', () => {
    assert.equal(escapedPrefixEnd('abcdef', 0, 4), 4);
    assert.equal(escapedPrefixEnd('abcdef', 2, 100), 6);
    assert.equal(escapedPrefixEnd('&&&', 0, 14), 2);
    assert.equal(escapedPrefixEnd('&&&', 0, 15), 3);
    assert.equal(escapedPrefixEnd('a<', 0, 4), 1);
  });

  it('never ends between the halves of a surrogate pair', () => {
    assert.equal(escapedPrefixEnd('a😀b', 0, 4), 1); // the emoji needs 4 bytes, only 3 left
    assert.equal(escapedPrefixEnd('a😀b', 0, 5), 3);
    for (let budget = 1; budget < 40; budget++) {
      const end = escapedPrefixEnd('😀'.repeat(20), 0, budget);
      assert.equal(end % 2, 0, `budget ${budget}`);
      assert.equal(end, 2 * Math.floor(budget / 4));
    }
  });
});
