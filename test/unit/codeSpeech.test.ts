import * as assert from 'node:assert/strict';
import { passagePreparer, type SpeechTextOptions } from '../../src/reading/passagePreparer';
import { codeForTheEar, splitIdentifier } from '../../src/text/code/codeSpeech';
import { cleanForSpeech, type SpokenText } from '../../src/text/spoken';

/** Each spoken word with the source characters it maps to, as "word=source". */
function wordsWithSources(spoken: SpokenText, source: string): string[] {
  return [...spoken.text.matchAll(/\S+/g)].map((m) => {
    const range = spoken.sourceRange(m.index, m.index + m[0].length);
    return `${m[0]}=${source.slice(range.start, range.end)}`;
  });
}

const speak = (source: string, offset = 0) => codeForTheEar(cleanForSpeech(source, offset));

describe('code read as a developer says it', () => {
  it('splits identifiers: camelCase, acronyms, snake_case, SCREAMING_CASE, kebab-case, digits', () => {
    const words = (id: string) =>
      splitIdentifier(id)
        .map((p) => p.spoken)
        .join(' ');
    assert.equal(words('getUserByID'), 'get user by ID');
    assert.equal(words('XMLHttpRequest'), 'XML http request');
    assert.equal(words('user_name'), 'user name');
    assert.equal(words('__init__'), 'init');
    assert.equal(words('MAX_RETRY_COUNT'), 'MAX retry count');
    assert.equal(words('DB_PORT_NUMBER'), 'DB port number');
    assert.equal(words('base64Encode'), 'base 64 encode');
    assert.deepEqual(splitIdentifier('getUserByID'), [
      { start: 0, end: 3, spoken: 'get' },
      { start: 3, end: 7, spoken: 'user' },
      { start: 7, end: 9, spoken: 'by' },
      { start: 9, end: 11, spoken: 'ID' },
    ]);
  });

  it('maps every spoken word to its exact source characters', () => {
    const source = 'const user = getUserByID(id);';
    const spoken = speak(source);
    assert.equal(spoken.text, 'const user equals get user by ID id');
    assert.deepEqual(wordsWithSources(spoken, source), [
      'const=const',
      'user=user',
      'equals==',
      'get=get',
      'user=User',
      'by=By',
      'ID=ID',
      'id=id',
    ]);
    // With a document offset (a selection starting at 100), ranges are document offsets.
    const shifted = speak(source, 100);
    const user = shifted.text.indexOf('user by');
    assert.deepEqual(shifted.sourceRange(user, user + 4), { start: 100 + source.indexOf('User'), end: 100 + source.indexOf('User') + 4 });
  });

  it('speaks the operators that carry meaning and drops brackets and semicolons', () => {
    assert.equal(speak('if (a !== b && c || !d) { return x => x + 1; }').text, 'if a not equals b and c or not d return x arrow x + 1');
    assert.equal(
      speak('a === b; a != b; a <= b; a >= b; a ?? b').text,
      'a equals b a not equals b a less than or equal to b a greater than or equal to b a or else b',
    );
    assert.deepEqual(wordsWithSources(speak('p->next'), 'p->next'), ['p=p', 'arrow=->', 'next=next']);
    assert.deepEqual(wordsWithSources(speak('std::vector'), 'std::vector'), ['std=std', 'double=::', 'colon=::', 'vector=vector']);
    assert.equal(speak('i++; n += 2; n -= 1').text, 'i plus plus n plus equals 2 n minus equals 1');
  });

  it('reads member access, paths and version numbers naturally, and leaves decimals alone', () => {
    assert.equal(speak('user.firstName').text, 'user dot first name');
    assert.equal(speak('import x from "src/text/codeSpeech.ts"').text, 'import x from "src slash text slash code speech dot ts"');
    assert.equal(speak('requires v1.2.3 or 2.0.1').text, 'requires version 1 point 2 point 3 or 2 point 0 point 1');
    assert.equal(speak('pi = 3.14').text, 'pi equals 3.14');
    assert.equal(speak('background-color: red').text, 'background color: red');
    assert.equal(speak('x-y').text, 'x-y', 'a subtraction is no kebab-case word');
    const source = 'see v1.2.3';
    assert.deepEqual(wordsWithSources(speak(source), source).slice(1), [
      'version=v1.2.3',
      '1=v1.2.3',
      'point=v1.2.3',
      '2=v1.2.3',
      'point=v1.2.3',
      '3=v1.2.3',
    ]);
  });

  it('applies to selections of code and code files read in full, when the setting is on', () => {
    const base: Omit<SpeechTextOptions, 'languageId' | 'mode'> = {
      codeBlocks: 'announce',
      codeFiles: 'comments',
      pronunciations: [],
      codeSpeech: true,
    };
    const passage = { text: 'let total = getItemCount();', offset: 0 };
    assert.equal(
      passagePreparer({ ...base, languageId: 'typescript', mode: 'selection' })(passage).text,
      'let total equals get item count',
    );
    assert.equal(passagePreparer({ ...base, codeSpeech: false, languageId: 'typescript', mode: 'selection' })(passage).text, passage.text);
    assert.equal(
      passagePreparer({ ...base, codeFiles: 'all', languageId: 'typescript', mode: 'document' })(passage).text,
      'let total equals get item count',
    );
    assert.equal(passagePreparer({ ...base, languageId: 'plaintext', mode: 'selection' })(passage).text, passage.text, 'prose is not code');
  });

  it('fuzz: never throws, ranges stay in the source and in order, and every spoken word of letters maps to those letters', () => {
    const alphabet = [
      'a',
      'b',
      'Z',
      'Q',
      'x',
      '_',
      '-',
      '.',
      '/',
      '(',
      ')',
      '{',
      '}',
      ';',
      '=',
      '!',
      '<',
      '>',
      '&',
      '|',
      ':',
      '?',
      '+',
      '0',
      '7',
      ' ',
      ' ',
      '\n',
      'é',
      '😀',
      '$',
      'ID',
      'get',
      'User',
      'v1.2.3',
      '"',
      "'",
    ];
    const operatorWords = new Set([
      'equals',
      'not',
      'less',
      'than',
      'or',
      'equal',
      'to',
      'greater',
      'arrow',
      'double',
      'colon',
      'and',
      'else',
      'plus',
      'minus',
      'dot',
      'slash',
      'version',
      'point',
    ]);
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 3000; run++) {
      let source = '';
      const length = 1 + random(40);
      for (let i = 0; i < length; i++) {
        source += alphabet[random(alphabet.length)];
      }
      const offset = random(3) * 1000;
      const spoken = speak(source, offset);
      let previous = -1;
      for (let i = 0; i <= spoken.text.length; i++) {
        const at = spoken.sourceOffsetAt(i);
        assert.ok(at >= offset && at <= offset + source.length, `${JSON.stringify(source)}: offset ${at} outside the source`);
        assert.ok(at >= previous, `${JSON.stringify(source)}: offsets go back at ${i}`);
        previous = at;
      }
      for (const m of spoken.text.matchAll(/[A-Za-z]+/g)) {
        if (operatorWords.has(m[0])) {
          continue;
        }
        const range = spoken.sourceRange(m.index, m.index + m[0].length);
        assert.equal(
          source.slice(range.start - offset, range.end - offset).toLowerCase(),
          m[0].toLowerCase(),
          `${JSON.stringify(source)} → ${JSON.stringify(spoken.text)}: "${m[0]}"`,
        );
      }
    }
  });
});
