// Runtime messages are translated by VS Code (vscode.l10n.t, and shared/l10n.ts for pure modules), from
// templates that l10n/bundle.l10n.json lists for translators. Checked here: the pure seam formats as VS
// Code does and hands over to a translator, every call gives a literal template with matching placeholders,
// and the bundle lists exactly the templates in the code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { BUNDLE_PATH, bundleFor, bundleText, findL10nCalls } from '../l10n/l10nMessages';
import { format, t, useTranslator } from '../../src/shared/l10n';
import { closedError, connectError } from '../../src/speech/speechError';
import { problemSentence } from '../../src/sources/problemSpeech';
import { summarizeProblems } from '../../src/settings/settingProblems';
import { validatePronunciations } from '../../src/text/pronunciation';
import { edgeFallbackMessage, validateEngineSettings } from '../../src/engines/engineChoice';
import { espeakBackend } from '../../src/engines/system/espeakEngine';
import { SpeechError } from '../../src/speech/speechError';

describe('l10n', () => {
  afterEach(() => useTranslator(undefined));

  it('formats {0}, {1}… as VS Code does, in one pass, and leaves other braces alone', () => {
    assert.equal(format('saved {0} as {1}.', ['a', 2]), 'saved a as 2.');
    assert.equal(format('{0} and {0}', ['x']), 'x and x');
    assert.equal(format('must be like {"de": "de-DE-KatjaNeural"}; {0}', ['ignored']), 'must be like {"de": "de-DE-KatjaNeural"}; ignored');
    assert.equal(format('{0} then {1}', ['{1}', 'b']), '{1} then b', 'an argument is never read as a template');
    assert.equal(format('{2} missing', ['a']), '{2} missing');
    assert.equal(format('no args {0}', []), 'no args {0}');
    assert.equal(format('{0}', [false]), 'false');
  });

  it('t is English until a translator is set, then every message goes through it', () => {
    assert.equal(t('Read Aloud: voice {0}', 'en-US-AvaNeural'), 'Read Aloud: voice en-US-AvaNeural');
    const asked: unknown[][] = [];
    useTranslator((message, ...args) => {
      asked.push([message, ...args]);
      return format(`«${message}»`, args);
    });
    assert.equal(t('Read Aloud: voice {0}', 'en-US-AvaNeural'), '«Read Aloud: voice en-US-AvaNeural»');
    // Pure modules' messages are built through it: their words are translated, their values are not.
    assert.match(
      connectError(new Error('Unexpected server response: 503')).message,
      /^«Microsoft Edge's speech service is having trouble \(HTTP 503\)/,
    );
    assert.match(closedError(1000, 'Unsupported voice en-US-FooNeural.', 'en-US-FooNeural').message, /^«.*en-US-FooNeural.*»$/);
    assert.equal(
      problemSentence({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        message: 'x is unused',
        severity: 1,
        source: 'ts',
      }),
      '««Warning from ts»: x is unused.»',
    );
    assert.equal(
      summarizeProblems(['a', 'b', 'c', 'd', 'e'], 3)[3],
      '«…and 2 more problems with the Read Aloud settings; see the Settings editor.»',
    );
    assert.ok(asked.some(([message]) => message === 'Read Aloud: voice {0}'));
    useTranslator(undefined);
    assert.equal(
      problemSentence({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        message: 'x is unused',
        severity: 1,
        source: 'ts',
        code: 6133,
      }),
      'Warning from ts, 6133: x is unused.',
    );
  });

  it('messages made of parts are whole translated sentences: the values change, never an English word spliced in', () => {
    useTranslator((message, ...args) => format(`«${message}»`, args));
    assert.deepEqual(validatePronunciations([{ to: 'x' }, 'nope']).problems, [
      '«Pronunciation entry 1 has no "from" text; ignoring it.»',
      '«Pronunciation entry 2 is not a { "from", "to" } entry; ignoring it.»',
    ]);
    assert.deepEqual(validatePronunciations({ API: 'a p i', 'API ': 'again' }).problems, [
      '«Pronunciation "API" is listed twice; using the first.»',
    ]);
    assert.deepEqual(validateEngineSettings({ engine: 'cloud', systemVoice: undefined }).problems, [
      '«readAloud.engine must be one of auto, edge, system; using auto.»',
    ]);
    assert.equal(
      edgeFallbackMessage(new SpeechError('network', 'x'), 'espeak-ng'),
      "«Read Aloud: Microsoft Edge's speech service can't be reached, so the reading goes on with the system voice (espeak-ng).»",
    );
    // Read when the reading needs it (a getter), so it is in the language of that moment.
    assert.match(espeakBackend.missingMessage, /^«The system voice needs espeak-ng/);
    useTranslator(undefined);
    assert.match(espeakBackend.missingMessage, /^The system voice needs espeak-ng/);
  });

  const calls = findL10nCalls();

  it('every l10n.t call has a literal English template whose placeholders match its arguments', () => {
    assert.ok(calls.length >= 100, `${calls.length} calls found`);
    const problems: string[] = [];
    for (const call of calls) {
      if (call.message === undefined) {
        problems.push(`${call.at}: the template is not a string literal (translators could not see it)`);
        continue;
      }
      const used = new Set([...call.message.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1])));
      const expected = new Set(Array.from({ length: call.argCount }, (_, index) => index));
      if ([...used].sort().join() !== [...expected].sort().join()) {
        problems.push(
          `${call.at}: placeholders {${[...used].join('}, {')}} for ${call.argCount} argument(s) in ${JSON.stringify(call.message)}`,
        );
      }
      // Templates are ours and trusted, but must not render as a link or an icon in any language's copy either.
      if (/\]\(|\$\(|\b(?:command|https?|file):/.test(call.message)) {
        problems.push(`${call.at}: link or icon syntax in ${JSON.stringify(call.message)}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('l10n/bundle.l10n.json lists exactly the templates in the code (npm run l10n:bundle rewrites it)', () => {
    const expected = bundleFor(calls);
    const actual = JSON.parse(fs.readFileSync(BUNDLE_PATH, 'utf8')) as Record<string, string>;
    assert.deepEqual(
      Object.keys(actual).filter((key) => !(key in expected)),
      [],
      'templates no longer in the code: run npm run l10n:bundle',
    );
    assert.deepEqual(
      Object.keys(expected).filter((key) => !(key in actual)),
      [],
      'templates missing from the bundle: run npm run l10n:bundle',
    );
    assert.equal(fs.readFileSync(BUNDLE_PATH, 'utf8'), bundleText(expected), 'the bundle is as npm run l10n:bundle writes it');
  });
});
