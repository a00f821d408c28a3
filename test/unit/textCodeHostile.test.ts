// A hostile repository's code file must not freeze the extension host when read: the audit's inputs
// (many block comments on one line) took 2.3 s, 37 s and 4.1 s; each must now finish within a ceiling a
// busy machine cannot break. The real times are measured in `npm run bench` (`npm run bench -- --text`).
import * as assert from 'node:assert/strict';
import { documentForSpeech } from '../../src/text/code';
import { HOSTILE_CODE, minifiedBundle } from '../fixtures/hostileCode';

const OPTIONS = { codeBlocks: 'announce', codeFiles: 'comments' } as const;
/** Generous: the linear scan takes tens of milliseconds; the quadratic one took seconds to minutes. */
const CEILING_MS = 2000;

function timed(source: string, languageId: string): { ms: number; text: string } {
  const started = performance.now();
  const spoken = documentForSpeech(source, 0, languageId, OPTIONS);
  return { ms: performance.now() - started, text: spoken.text };
}

describe('code files from a hostile repository', () => {
  for (const { name, source, languageId } of HOSTILE_CODE) {
    it(`${name}: read within ${CEILING_MS} ms`, () => {
      const { ms } = timed(source, languageId);
      assert.ok(ms < CEILING_MS, `${Math.round(ms)} ms`);
    });
  }

  it('a minified bundle says its licence comment, not hundreds of "PURE" annotations', () => {
    const { text } = timed(minifiedBundle(4096), 'javascript');
    assert.equal(text, 'Bundle licensed under the MIT licence.');
  });

  it('many comments on one line are each read, still in order', () => {
    const source = `let a; ${Array.from({ length: 2000 }, (_, n) => `/* c${n} */ x${n};`).join(' ')}`;
    const { text } = timed(source, 'typescript');
    const words = text.match(/c\d+/g) ?? [];
    assert.equal(words.length, 2000);
    assert.deepEqual(words.slice(0, 3), ['c0', 'c1', 'c2']);
    assert.equal(words[1999], 'c1999');
  });
});
