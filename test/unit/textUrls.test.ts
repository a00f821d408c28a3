import * as assert from 'node:assert/strict';
import { cleanForSpeech } from '../../src/text/spoken';
import { bareUrlEnd, describeUrl, shortenUrls } from '../../src/text/urls/urls';
import { assertPhraseMaps, assertSpokenMapsBack } from './textSupport.test';

const LINK_WORDS = new Set(['link', 'to']);

describe('describeUrl', () => {
  it('reads a URL as a link to its host', () => {
    assert.equal(describeUrl('https://github.com/microsoft/vscode/issues/237030'), 'link to github.com');
    assert.equal(describeUrl('http://www.example.com'), 'link to example.com');
    assert.equal(describeUrl('www.example.org/path?q=1'), 'link to example.org');
    assert.equal(describeUrl('https://user:secret@host.example:8443/x#y'), 'link to host.example');
    assert.equal(describeUrl('https://[::1]:8080/'), 'link to [::1]');
    assert.equal(describeUrl('HTTPS://Example.COM.'), 'link to Example.COM');
    assert.equal(describeUrl('ftp://files.example.net/pub'), 'link to files.example.net');
  });

  it('reads an e-mail link as the address and anything else as "link"', () => {
    assert.equal(describeUrl('mailto:someone@example.com?subject=Hi'), 'someone@example.com');
    assert.equal(describeUrl('mailto:'), 'e-mail link');
    assert.equal(describeUrl('./docs/setup.md'), 'link');
    assert.equal(describeUrl('#install'), 'link');
    assert.equal(describeUrl('file:///home/me/notes.txt'), 'link');
    assert.equal(describeUrl(''), 'link');
  });
});

describe('bareUrlEnd', () => {
  function url(text: string): string | undefined {
    const start = text.search(/https?:|ftp:|www\./i);
    const end = start < 0 ? -1 : bareUrlEnd(text, start);
    return end < 0 ? undefined : text.slice(start, end);
  }

  it('leaves sentence punctuation out of the URL', () => {
    assert.equal(url('See https://example.com/a.'), 'https://example.com/a');
    assert.equal(url('Is it https://example.com/a?'), 'https://example.com/a');
    assert.equal(url('(see https://example.com/a)'), 'https://example.com/a');
    assert.equal(url('"https://example.com/a",'), 'https://example.com/a');
  });

  it('keeps balanced parentheses and query strings', () => {
    assert.equal(url('https://en.wikipedia.org/wiki/Foo_(bar) next'), 'https://en.wikipedia.org/wiki/Foo_(bar)');
    assert.equal(url('https://example.com/?a=1&b=2#frag more'), 'https://example.com/?a=1&b=2#frag');
    assert.equal(url('<https://example.com/x>'), 'https://example.com/x');
  });

  it('needs a host', () => {
    assert.equal(url('https:// nothing'), undefined);
    assert.equal(url('www. nothing'), undefined);
    assert.equal(url('http://'), undefined);
  });
});

describe('shortenUrls', () => {
  it('replaces bare URLs in plain text and maps the host to itself', () => {
    const source = 'Fixed in https://github.com/microsoft/vscode/issues/237030, see www.example.com too.';
    const spoken = shortenUrls(cleanForSpeech(source, 50));
    assert.equal(spoken.text, 'Fixed in link to github.com, see link to example.com too.');
    assertPhraseMaps(spoken, source, 50, 'github.com', 'github.com', source.indexOf('github.com'));
    assertPhraseMaps(spoken, source, 50, 'link to', source.slice(9, 58), 9);
    assertPhraseMaps(spoken, source, 50, 'example.com', 'example.com', source.indexOf('example.com'));
    assert.equal(assertSpokenMapsBack(spoken, source, 50, LINK_WORDS), 8); // Fixed in github com see example com too
  });

  it('takes angle brackets with the URL and leaves e-mail addresses and URL-like words alone', () => {
    const source = 'Write to me@example.com or <https://example.com/x>. Not xhttps://a.b or a/www.b.c';
    const spoken = shortenUrls(cleanForSpeech(source));
    assert.equal(spoken.text, 'Write to me@example.com or link to example.com. Not xhttps://a.b or a/www.b.c');
  });

  it('returns the same object when there is nothing to shorten', () => {
    const spoken = cleanForSpeech('no links here, just http and www');
    assert.equal(shortenUrls(spoken), spoken);
  });
});
