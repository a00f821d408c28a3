import * as assert from 'node:assert/strict';
import { cleanForSpeech } from '../../src/text/spoken';
import { markdownForSpeech } from '../../src/text/markdown';
import {
  applyPronunciations,
  MAX_PRONUNCIATION_RULES,
  PronunciationRule,
  validatePronunciations,
} from '../../src/text/pronunciation/pronunciations';
import { splitForSynthesis } from '../../src/text/sentences';
import { assertPhraseMaps, assertSpokenMapsBack, assertValidSegments, seededRandom } from './textSupport.test';

const OFFSET = 300;
const RULES: PronunciationRule[] = [
  { from: 'VS Code', to: 'Visual Studio Code' },
  { from: 'kubectl', to: 'cube control' },
  { from: 'nginx', to: 'engine x' },
];

describe('applyPronunciations', () => {
  it('replaces words and maps each replacement to what it replaced', () => {
    const source = 'Open VS Code, then run kubectl   apply.';
    const spoken = applyPronunciations(cleanForSpeech(source, OFFSET), RULES);
    assert.equal(spoken.text, 'Open Visual Studio Code, then run cube control apply.');
    assertPhraseMaps(spoken, source, OFFSET, 'Visual Studio Code', 'VS Code', 5);
    assertPhraseMaps(spoken, source, OFFSET, 'Studio', 'VS Code', 5);
    assertPhraseMaps(spoken, source, OFFSET, 'cube control', 'kubectl', source.indexOf('kubectl'));
    assertPhraseMaps(spoken, source, OFFSET, 'apply.', 'apply.', source.indexOf('apply'));
    assertSpokenMapsBack(spoken, source, OFFSET, new Set(['Visual', 'Studio', 'Code', 'cube', 'control']));
  });

  it('keeps the map through Markdown too', () => {
    const source = '# Using **kubectl**\n\nDeploy with `kubectl apply`.';
    const spoken = applyPronunciations(markdownForSpeech(source, OFFSET), RULES);
    assert.equal(spoken.text, 'Using cube control.\n\nDeploy with cube control apply.');
    assertPhraseMaps(spoken, source, OFFSET, 'cube control', 'kubectl', source.indexOf('kubectl'));
    assertPhraseMaps(spoken, source, OFFSET, 'cube control', 'kubectl', source.lastIndexOf('kubectl'), 1);
  });

  it('matches whole words by default', () => {
    const spoken = applyPronunciations(cleanForSpeech('nginx nginxes mynginx nginx.conf'), RULES);
    assert.equal(spoken.text, 'engine x nginxes mynginx engine x.conf');
    const parts = applyPronunciations(cleanForSpeech('nginxes'), [{ from: 'nginx', to: 'engine x', wholeWord: false }]);
    assert.equal(parts.text, 'engine xes');
  });

  it('applies whole-word edges only where the rule has a word character', () => {
    const rules = [
      { from: 'C++', to: 'C plus plus' },
      { from: '->', to: ' arrow ' },
    ];
    const spoken = applyPronunciations(cleanForSpeech('C++ and xC++ and C++17 and a->b'), rules);
    assert.equal(spoken.text, 'C plus plus and xC++ and C plus plus17 and a arrow b');
  });

  it('uses smart case unless told', () => {
    const rules = [
      { from: 'sql', to: 'sequel' },
      { from: 'IT', to: 'I T' },
    ];
    assert.equal(applyPronunciations(cleanForSpeech('SQL and sql; IT and it'), rules).text, 'sequel and sequel; I T and it');
    const strict = [{ from: 'sql', to: 'sequel', caseSensitive: true }];
    assert.equal(applyPronunciations(cleanForSpeech('SQL and sql'), strict).text, 'SQL and sequel');
    const loose = [{ from: 'IT', to: 'I T', caseSensitive: false }];
    assert.equal(applyPronunciations(cleanForSpeech('it'), loose).text, 'I T');
  });

  it('matches across any whitespace, including line breaks', () => {
    const source = 'VS\nCode and VS   Code';
    const spoken = applyPronunciations(cleanForSpeech(source), RULES);
    assert.equal(spoken.text, 'Visual Studio Code and Visual Studio Code');
    assertPhraseMaps(spoken, source, 0, 'Visual Studio Code', 'VS\nCode', 0);
  });

  it('prefers the longest match, then the earlier rule', () => {
    const rules = [
      { from: 'Code', to: 'CODE' },
      { from: 'VS Code', to: 'Visual Studio Code' },
      { from: 'vs', to: 'versus' },
      { from: 'VS', to: 'first' },
    ];
    assert.equal(applyPronunciations(cleanForSpeech('VS Code vs Code'), rules).text, 'Visual Studio Code versus CODE');
    const same = [
      { from: 'abc', to: 'one' },
      { from: 'ABC', to: 'two', caseSensitive: false },
    ];
    assert.equal(applyPronunciations(cleanForSpeech('ABC'), same).text, 'one');
  });

  it('escapes rule text as literal, not as a pattern', () => {
    const rules = [
      { from: 'a.b', to: 'A dot B' },
      { from: '(x)', to: 'X' },
      { from: '$HOME', to: 'home' },
    ];
    assert.equal(applyPronunciations(cleanForSpeech('a.b axb (x) $HOME'), rules).text, 'A dot B axb X home');
  });

  it('can say nothing for a word', () => {
    const spoken = applyPronunciations(cleanForSpeech('hello um world'), [{ from: 'um', to: '' }]);
    assert.equal(spoken.text, 'hello  world');
    assertSpokenMapsBack(spoken, 'hello um world');
  });

  it('ignores unusable rules and returns the input when nothing applies', () => {
    const spoken = cleanForSpeech('nothing to do here');
    const rules = [
      { from: '', to: 'x' },
      { from: '   ', to: 'y' },
      { from: 'z'.repeat(500), to: 'q' },
      { from: 'absent', to: 'n' },
    ];
    assert.equal(applyPronunciations(spoken, rules), spoken);
    assert.equal(applyPronunciations(spoken, []), spoken);
  });

  it('caps the number of rules applied', () => {
    const rules = Array.from({ length: MAX_PRONUNCIATION_RULES + 10 }, (_, n) => ({ from: `w${n}`, to: `word ${n}` }));
    const spoken = applyPronunciations(cleanForSpeech(`w0 w${MAX_PRONUNCIATION_RULES - 1} w${MAX_PRONUNCIATION_RULES}`), rules);
    assert.equal(spoken.text, `word 0 word ${MAX_PRONUNCIATION_RULES - 1} w${MAX_PRONUNCIATION_RULES}`);
  });

  it('keeps words around replacements mapped on random text', () => {
    const random = seededRandom(99);
    const vocabulary = ['VS Code', 'kubectl', 'nginx', 'alpha', 'beta', 'VS', 'Code', 'kube', '😀', 'é'];
    for (let n = 0; n < 100; n++) {
      const source = Array.from({ length: 30 }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(
        random() < 0.5 ? ' ' : '\n',
      );
      const spoken = applyPronunciations(cleanForSpeech(source, n), RULES);
      assertSpokenMapsBack(spoken, source, n, new Set(['Visual', 'Studio', 'Code', 'cube', 'control', 'engine', 'x']));
      assertValidSegments(spoken.text, splitForSynthesis(spoken, 64), 64);
    }
  });
});

describe('validatePronunciations', () => {
  it('accepts a list of rules', () => {
    const { rules, problems } = validatePronunciations([
      { from: ' VS Code ', to: 'Visual Studio Code' },
      { from: 'kubectl', to: 'cube\ncontrol\u0007', wholeWord: false, caseSensitive: true },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, [
      { from: 'VS Code', to: 'Visual Studio Code' },
      { from: 'kubectl', to: 'cube control', wholeWord: false, caseSensitive: true },
    ]);
  });

  it('accepts an object of from → to pairs', () => {
    const { rules, problems } = validatePronunciations({ nginx: 'engine x', 'VS Code': 'Visual Studio Code' });
    assert.deepEqual(problems, []);
    assert.deepEqual(rules, [
      { from: 'nginx', to: 'engine x' },
      { from: 'VS Code', to: 'Visual Studio Code' },
    ]);
  });

  it('treats nothing as no rules', () => {
    assert.deepEqual(validatePronunciations(undefined), { rules: [], problems: [] });
    assert.deepEqual(validatePronunciations(null), { rules: [], problems: [] });
    assert.deepEqual(validatePronunciations([]), { rules: [], problems: [] });
  });

  it('reports each entry it cannot use, and keeps the rest', () => {
    const { rules, problems } = validatePronunciations([
      { from: '', to: 'x' },
      'just a string',
      { from: 'ok', to: 'fine' },
      { from: 'no to' },
      { from: 'x'.repeat(101), to: 'long' },
      { from: 'long to', to: 'y'.repeat(201) },
      { from: 'flags', to: 'f', wholeWord: 'yes', caseSensitive: 1 },
      { from: 'OK', to: 'dup', caseSensitive: false },
      { from: 'ok', to: 'dup again' },
      null,
      [1, 2],
    ]);
    // "OK" matched without case is the same rule as "ok" (smart case: no capitals, so no case).
    assert.deepEqual(rules, [
      { from: 'ok', to: 'fine' },
      { from: 'flags', to: 'f' },
    ]);
    assert.equal(problems.length, 11, problems.join('\n'));
    assert.match(problems[0] ?? '', /entry 1 has no "from"/);
    assert.match(problems[1] ?? '', /entry 2 is not/);
    assert.match(problems.join('\n'), /"no to" has no "to"/);
    assert.match(problems.join('\n'), /"wholeWord" must be true or false/);
    assert.match(problems.join('\n'), /"OK" is listed twice/);
    assert.match(problems.join('\n'), /"ok" is listed twice/);
  });

  it('rejects other kinds of value', () => {
    for (const raw of ['VS Code=Visual Studio Code', 42, true]) {
      const { rules, problems } = validatePronunciations(raw);
      assert.deepEqual(rules, []);
      assert.equal(problems.length, 1);
    }
  });

  it('caps the number of rules', () => {
    const raw = Array.from({ length: MAX_PRONUNCIATION_RULES + 3 }, (_, n) => ({ from: `w${n}`, to: 'x' }));
    const { rules, problems } = validatePronunciations(raw);
    assert.equal(rules.length, MAX_PRONUNCIATION_RULES);
    assert.deepEqual(problems, [`Only the first ${MAX_PRONUNCIATION_RULES} pronunciations are used; ignoring 3 more.`]);
  });
});
