// A workspace's `.vscode/settings.json` or a hostile speech server chooses some of the text Read Aloud
// shows. VS Code renders `[label](command:…)` in a notification as a link that runs the command when
// clicked (the audit's fake "Open Settings" installed an extension), and `$(icon)` in titles and status
// text as an icon. Every message that quotes a setting or the server is driven here with such values.
import * as assert from 'node:assert/strict';
import {
  exportFailedMessage,
  exportProgressTitle,
  exportSavedMessage,
  previewFailedTitle,
  settingProblemMessage,
  settingWriteFailedMessage,
  speechFailedMessage,
  voiceListFailedMessage,
  voiceSavedStatus,
  workspaceVoiceOverrideMessage,
} from '../../src/notifications/messages';
import { plainSettingValue, untrustedText } from '../../src/notifications/untrustedText';
import { format, useTranslator } from '../../src/shared/l10n';
import { validateSpeechSettings } from '../../src/settings/speechSettings';
import { closedError } from '../../src/speech/speechError';
import { validatePronunciations } from '../../src/text/pronunciation';
import { validateVoicesByLanguage } from '../../src/voices/languageVoices';

const LINK = '[Open Settings](command:workbench.extensions.installExtension?%22evil.extension%22)';
const HOSTILE: readonly string[] = [
  LINK,
  `en-US-AvaNeural ${LINK}`,
  'Click [here](https://evil.example/steal) now',
  '[x](file:///etc/passwd)',
  '$(warning) Read Aloud needs an update $(cloud-download)',
  '\u202Eeulav live\u202C and \u2066isolate\u2069\u200F',
  'first line\n\nRead Aloud: a second, fake message\r\nthird',
  `${'A'.repeat(100_000)}${LINK}`,
  'command:workbench.action.terminal.sendSequence?{"text":"rm -rf ~\\n"}',
];

/** What must never survive into text VS Code renders. */
function assertInert(message: string, context: string): void {
  const where = `${context}: ${JSON.stringify(message.slice(0, 300))}`;
  assert.doesNotMatch(message, /\[[^\]]*\]\s*\(/, `Markdown link in ${where}`);
  assert.doesNotMatch(message, /\b(?:command|file|https?):(?!\s)/i, `link target in ${where}`);
  assert.doesNotMatch(message, /\$\(/, `codicon in ${where}`);
  assert.doesNotMatch(message, /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/, `bidi control in ${where}`);
  assert.doesNotMatch(message, /[\r\n\u2028\u2029\u0000-\u001f]/, `line break or control in ${where}`);
  assert.ok(message.length <= 600, `${message.length} characters in ${context}`);
}

describe('notifications never carry untrusted text raw', () => {
  it('untrustedText: links, link schemes, codicons, bidi, line breaks and length are neutralised', () => {
    assert.equal(untrustedText(LINK, 200), '(Open Settings)(command: workbench.extensions.installExtension?%22evil.extension%22)');
    assert.equal(untrustedText('$(check) ok'), '$ (check) ok');
    assert.equal(untrustedText('a\u202Eb\nc'), 'ab c');
    assert.equal(untrustedText('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(untrustedText('😀'.repeat(10), 4), '😀…', 'an emoji is never cut in half');
    assert.equal(untrustedText('Unsupported voice en-US-FooNeural.'), 'Unsupported voice en-US-FooNeural.', 'plain text is kept');
    for (const value of HOSTILE) {
      assertInert(untrustedText(value), 'untrustedText');
      assert.equal(untrustedText(untrustedText(value, 500), 500), untrustedText(value, 500), 'applying it twice changes nothing');
    }
  });

  it('plainSettingValue: a mistyped name is quoted, anything else left out', () => {
    assert.equal(plainSettingValue('en-us-AvaNeural'), 'en-us-AvaNeural');
    assert.equal(plainSettingValue(' Ava '), 'Ava');
    for (const value of [...HOSTILE, '', 'a'.repeat(61), {}, null, undefined, ['x']]) {
      assert.equal(plainSettingValue(value), undefined, JSON.stringify(value)?.slice(0, 80));
    }
  });

  it('readAloud.voice, speed, pitch and volume from a malicious workspace', () => {
    for (const value of HOSTILE) {
      const { problems } = validateSpeechSettings({ voice: value, speed: value, pitch: value, volume: value });
      assert.deepEqual(
        problems.map((p) => p.setting),
        ['voice', 'speed', 'pitch', 'volume'],
      );
      for (const problem of problems) {
        assertInert(settingProblemMessage(problem.message), `readAloud.${problem.setting}`);
        assert.ok(!problem.message.includes('workbench.extensions'), `the value is left out: ${problem.message}`);
      }
    }
    // A typo is still quoted, so the user can find it.
    assert.match(
      validateSpeechSettings({ voice: 'en-us-AvaNeural', speed: 9, pitch: 0, volume: 100 }).problems[0]!.message,
      /"en-us-AvaNeural" is not an Edge voice name/,
    );
    assert.match(
      validateSpeechSettings({ voice: undefined, speed: 9, pitch: 0, volume: 100 }).problems[0]!.message,
      /^9 is outside 0\.5–4×/,
    );
  });

  it('readAloud.pronunciations from a malicious workspace, as a list and as an object', () => {
    for (const value of HOSTILE) {
      const lists = [
        [{ from: value }, { from: value, to: 'x'.repeat(500) }, { from: value, to: 1 }, { from: value, to: 'x', wholeWord: value }, value],
        { [value]: 7 },
      ];
      for (const raw of lists) {
        const { problems } = validatePronunciations(raw);
        assert.ok(problems.length > 0);
        for (const problem of problems) {
          assertInert(settingProblemMessage(`readAloud.pronunciations: ${problem}`), 'readAloud.pronunciations');
        }
      }
    }
  });

  it('readAloud.voicesByLanguage from a malicious workspace', () => {
    for (const value of HOSTILE) {
      const { problems } = validateVoicesByLanguage({ [value]: 'de-DE-KatjaNeural', de: value });
      assert.equal(problems.length, 2);
      for (const problem of problems) {
        assertInert(settingProblemMessage(`readAloud.voicesByLanguage: ${problem}`), 'readAloud.voicesByLanguage');
      }
    }
  });

  it("the voice picker's warning about a workspace override names it only if it is a voice", () => {
    for (const value of HOSTILE) {
      const message = workspaceVoiceOverrideMessage('en-GB-SoniaNeural', value);
      assertInert(message, 'workspace override');
      assert.match(message, /this workspace's settings choose a different voice,/);
    }
    assert.match(
      workspaceVoiceOverrideMessage('en-GB-SoniaNeural', 'de-DE-KatjaNeural'),
      /saved en-GB-SoniaNeural .* choose de-DE-KatjaNeural,/,
    );
    assertInert(voiceSavedStatus(LINK), 'status bar');
  });

  it("the speech server's close reason, in the error notification and the picker's title", () => {
    for (const value of HOSTILE) {
      const error = closedError(1000, value, 'en-US-AvaNeural');
      assertInert(speechFailedMessage(error.message), 'reading failed');
      assertInert(speechFailedMessage(closedError(1007, `Unsupported voice ${value}`, value).message), 'voice refused');
      assertInert(previewFailedTitle('Read Aloud: Select Voice', value, error.message), 'picker title');
      assertInert(voiceListFailedMessage(value), 'voice list failed');
    }
  });

  it("a file name a repository chose (the default export name comes from the document's)", () => {
    for (const value of HOSTILE) {
      assertInert(exportSavedMessage(`${value}.mp3`), 'export saved');
      assertInert(exportProgressTitle(`${value}.mp3`), 'export progress');
      assertInert(exportFailedMessage(`${value}.mp3`, `EACCES: permission denied, open '/tmp/${value}.mp3'`), 'export failed');
    }
    assert.equal(exportSavedMessage('notes.mp3'), 'Read Aloud: saved notes.mp3.');
  });

  it("a failed settings write quotes VS Code's error, made inert", () => {
    for (const value of HOSTILE) {
      assertInert(
        settingWriteFailedMessage('readAloud.speed', new Error(`Unable to write into user settings: ${value}`)),
        'settings write',
      );
    }
    assert.equal(
      settingWriteFailedMessage(
        'readAloud.voice',
        new Error('Unable to write into user settings. Please open the user settings file to correct errors/warnings in it and try again.'),
      ),
      "Read Aloud: couldn't save readAloud.voice in your user settings. Unable to write into user settings. Please open the user settings file to correct errors/warnings in it and try again.",
    );
  });

  it('in another language the words change, never what is done to the untrusted values', () => {
    // A pseudo-translation: our template is replaced (and marked), the arguments inserted as VS Code does.
    useTranslator((message, ...args) => format(`⟪${message.toUpperCase().replace(/\{(\d+)\}/g, '{$1}')}⟫`, args));
    try {
      for (const value of HOSTILE) {
        const messages = [
          speechFailedMessage(closedError(1000, value, 'en-US-AvaNeural').message),
          voiceListFailedMessage(value),
          previewFailedTitle('Read Aloud: Select Voice', value, value),
          exportSavedMessage(`${value}.mp3`),
          exportProgressTitle(`${value}.mp3`),
          exportFailedMessage(`${value}.mp3`, value),
          settingWriteFailedMessage('readAloud.speed', new Error(value)),
          workspaceVoiceOverrideMessage(value, value),
          voiceSavedStatus(value),
          ...validateSpeechSettings({ voice: value, speed: value, pitch: value, volume: value }).problems.map((p) =>
            settingProblemMessage(p.message),
          ),
          ...validateVoicesByLanguage({ [value]: 'de-DE-KatjaNeural', de: value }).problems.map(settingProblemMessage),
        ];
        for (const message of messages) {
          assert.match(message, /^⟪/, `translated: ${message.slice(0, 80)}`);
          assertInert(message, 'pseudo-translated');
        }
      }
      assert.equal(exportSavedMessage('notes.mp3'), '⟪READ ALOUD: SAVED notes.mp3.⟫', 'the value itself is not translated');
    } finally {
      useTranslator(undefined);
    }
  });
});
