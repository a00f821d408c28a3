import * as assert from 'node:assert/strict';
import { languagesOfText, pickVoiceFor, validateVoicesByLanguage } from '../../src/voices/languageVoices';

const MAPPED = {
  defaultVoice: 'en-US-AvaNeural',
  voicesByLanguage: {
    ja: 'ja-JP-NanamiNeural',
    'zh-tw': 'zh-TW-HsiaoChenNeural',
    zh: 'zh-CN-XiaoxiaoNeural',
    ko: 'ko-KR-SunHiNeural',
    ar: 'ar-EG-SalmaNeural',
    uk: 'uk-UA-PolinaNeural',
    he: 'he-IL-HilaNeural',
    hi: 'hi-IN-SwaraNeural',
    el: 'el-GR-AthinaNeural',
    de: 'de-DE-KatjaNeural',
  },
};

const TEXT = {
  english: 'The quick brown fox jumps over the lazy dog.',
  german: 'Falsches Üben von Xylophonmusik quält jeden größeren Zwerg.',
  japanese: 'こんにちは。今日はいい天気ですね。東京へ行きましょう。',
  chinese: '今天天气很好，我们去公园散步吧。',
  korean: '안녕하세요. 오늘 날씨가 좋네요.',
  arabic: 'مرحبا بكم في هذا البرنامج.',
  russian: 'Съешь же ещё этих мягких французских булок.',
  hebrew: 'שלום עולם, מה שלומך היום?',
  hindi: 'नमस्ते, आप कैसे हैं?',
  greek: 'Καλημέρα, τι κάνετε σήμερα;',
  thai: 'สวัสดีครับ วันนี้อากาศดี',
};

describe('voices by language', () => {
  it('detects the language family from the dominant script', () => {
    assert.deepEqual(languagesOfText(TEXT.english), []);
    assert.deepEqual(languagesOfText(TEXT.german), []);
    assert.deepEqual(languagesOfText(TEXT.japanese), ['ja']);
    assert.equal(languagesOfText(TEXT.chinese)[0], 'zh');
    assert.deepEqual(languagesOfText(TEXT.korean), ['ko']);
    assert.equal(languagesOfText(TEXT.arabic)[0], 'ar');
    assert.equal(languagesOfText(TEXT.russian)[0], 'ru');
    assert.deepEqual(languagesOfText(TEXT.hebrew), ['he']);
    assert.equal(languagesOfText(TEXT.hindi)[0], 'hi');
    assert.deepEqual(languagesOfText(TEXT.greek), ['el']);
    assert.deepEqual(languagesOfText(TEXT.thai), ['th']);
    assert.deepEqual(languagesOfText(''), []);
    assert.deepEqual(languagesOfText('1234 + 5678 = ???'), []);
  });

  it('a few foreign words in mostly Latin text (code with a comment) are not enough', () => {
    const code = `function greet(name: string) {\n  // こんにちは\n  return \`Hello, \${name}! Welcome back to the application.\`;\n}`;
    assert.deepEqual(languagesOfText(code), []);
  });

  it('picks the mapped voice for the script, the plainest key first', () => {
    assert.equal(pickVoiceFor(TEXT.japanese, 'plaintext', MAPPED), 'ja-JP-NanamiNeural');
    assert.equal(pickVoiceFor(TEXT.chinese, 'markdown', MAPPED), 'zh-CN-XiaoxiaoNeural');
    assert.equal(pickVoiceFor(TEXT.korean, 'plaintext', MAPPED), 'ko-KR-SunHiNeural');
    assert.equal(pickVoiceFor(TEXT.arabic, 'plaintext', MAPPED), 'ar-EG-SalmaNeural');
    assert.equal(pickVoiceFor(TEXT.hebrew, 'plaintext', MAPPED), 'he-IL-HilaNeural');
    assert.equal(pickVoiceFor(TEXT.hindi, 'plaintext', MAPPED), 'hi-IN-SwaraNeural');
    assert.equal(pickVoiceFor(TEXT.greek, 'plaintext', MAPPED), 'el-GR-AthinaNeural');
    // Cyrillic: no "ru" key, so the first Cyrillic language that has one.
    assert.equal(pickVoiceFor(TEXT.russian, 'plaintext', MAPPED), 'uk-UA-PolinaNeural');
    // Only a regional key for the language: it is used.
    assert.equal(
      pickVoiceFor(TEXT.chinese, 'plaintext', { ...MAPPED, voicesByLanguage: { 'zh-tw': 'zh-TW-HsiaoChenNeural' } }),
      'zh-TW-HsiaoChenNeural',
    );
  });

  it("keeps the user's voice for Latin text, unmapped scripts, and languages the voice already speaks", () => {
    assert.equal(pickVoiceFor(TEXT.english, 'plaintext', MAPPED), 'en-US-AvaNeural');
    assert.equal(pickVoiceFor(TEXT.german, 'plaintext', MAPPED), 'en-US-AvaNeural', 'Latin script does not tell German from English');
    assert.equal(pickVoiceFor(TEXT.thai, 'plaintext', MAPPED), 'en-US-AvaNeural');
    assert.equal(pickVoiceFor(TEXT.japanese, 'plaintext', { ...MAPPED, defaultVoice: 'ja-JP-KeitaNeural' }), 'ja-JP-KeitaNeural');
    assert.equal(pickVoiceFor(TEXT.russian, 'plaintext', { ...MAPPED, defaultVoice: 'ru-RU-SvetlanaNeural' }), 'ru-RU-SvetlanaNeural');
    assert.equal(pickVoiceFor(TEXT.japanese, 'plaintext', { ...MAPPED, voicesByLanguage: {} }), 'en-US-AvaNeural');
  });

  it("uses the document's language id when it is a configured language", () => {
    assert.equal(pickVoiceFor(TEXT.english, 'de', MAPPED), 'de-DE-KatjaNeural');
    assert.equal(pickVoiceFor(TEXT.english, 'DE', MAPPED), 'de-DE-KatjaNeural');
    assert.equal(pickVoiceFor(TEXT.english, 'markdown', MAPPED), 'en-US-AvaNeural');
    // Not a language tag, and not a key, whatever Object.prototype has.
    assert.equal(pickVoiceFor(TEXT.english, 'constructor', MAPPED), 'en-US-AvaNeural');
    assert.equal(pickVoiceFor(TEXT.english, 'toString', MAPPED), 'en-US-AvaNeural');
  });

  it('validates the setting: bad keys and bad voices are left out and reported', () => {
    const { voicesByLanguage, problems } = validateVoicesByLanguage({
      de: 'de-DE-KatjaNeural',
      'pt-BR': ' pt-BR-FranciscaNeural ',
      german: 'de-DE-ConradNeural',
      ja: 'ja-JP-Nanami"Neural',
      ko: 42,
      '': 'en-US-AvaNeural',
    });
    assert.deepEqual(voicesByLanguage, { de: 'de-DE-KatjaNeural', 'pt-br': 'pt-BR-FranciscaNeural' });
    assert.equal(problems.length, 4);
    assert.match(problems.join('\n'), /"german" is not a language/);
    // Not a plausible name (a quote in it): left out of the message rather than quoted.
    assert.match(problems.join('\n'), /The voice for "ja" is not an Edge voice name/);
    assert.deepEqual(validateVoicesByLanguage(undefined), { voicesByLanguage: {}, problems: [] });
    assert.equal(validateVoicesByLanguage(['de-DE-KatjaNeural']).problems.length, 1);
    assert.equal(validateVoicesByLanguage('de-DE-KatjaNeural').problems.length, 1);
  });
});
