import * as assert from 'node:assert/strict';
import { parseVoiceList, type VoiceInfo } from '../../src/voices/voiceList';
import { buildVoicePickEntries, CURRENT_VOICE_ICON, previewSample, type VoicePickEntry } from '../../src/voices/voicePickItems';
import { FAKE_EDGE_VOICES } from '../fake-edge/server';

const { voices } = parseVoiceList(FAKE_EDGE_VOICES);

type VoiceEntry = Extract<VoicePickEntry, { kind: 'voice' }>;
const voiceEntries = (entries: readonly VoicePickEntry[]) => entries.filter((e): e is VoiceEntry => e.kind === 'voice');

/**
 * Roughly what typing `query` in the picker leaves, with matchOnDescription and matchOnDetail on: VS Code
 * keeps an item whose label, description or detail contains the query, ignoring case (separators never match).
 */
function filter(entries: readonly VoicePickEntry[], query: string): string[] {
  const q = query.toLowerCase();
  return voiceEntries(entries)
    .filter((e) => [e.label, e.description, e.detail].some((field) => field.toLowerCase().includes(q)))
    .map((e) => e.voice.shortName);
}

describe('voice picker items', () => {
  it('groups voices by locale, one separator per locale, every voice exactly once', () => {
    const entries = buildVoicePickEntries(voices, 'en-US-AvaNeural');
    const separators = entries.filter((e) => e.kind === 'separator');
    assert.equal(separators.length, new Set(voices.map((v) => v.locale)).size);
    assert.deepEqual(
      voiceEntries(entries)
        .map((e) => e.voice.shortName)
        .sort(),
      voices.map((v) => v.shortName).sort(),
    );
    // Every voice sits under its own locale's separator.
    let locale = '';
    for (const entry of entries) {
      if (entry.kind === 'separator') {
        locale = entry.locale;
      } else {
        assert.equal(entry.voice.locale, locale, entry.voice.shortName);
      }
    }
    assert.equal(separators.find((s) => s.kind === 'separator' && s.locale === 'de-DE')?.label, 'German (Germany)');
  });

  it("puts the current voice's locale first, the current voice at its top, marked; the rest by language", () => {
    const entries = buildVoicePickEntries(voices, 'fr-FR-DeniseNeural');
    assert.deepEqual(entries[0], { kind: 'separator', label: 'French (France)', locale: 'fr-FR' });
    const first = entries[1];
    assert.equal(first?.kind === 'voice' && first.voice.shortName, 'fr-FR-DeniseNeural');
    assert.ok(first?.kind === 'voice' && first.current && first.label === `${CURRENT_VOICE_ICON} Denise`);
    assert.deepEqual(
      voiceEntries(entries)
        .filter((e) => e.current)
        .map((e) => e.voice.shortName),
      ['fr-FR-DeniseNeural'],
    );
    assert.deepEqual(
      entries.filter((e) => e.kind === 'separator').map((e) => e.label),
      [
        'French (France)',
        'Arabic (Egypt)',
        'Chinese (Mainland)',
        'English (United Kingdom)',
        'English (United States)',
        'German (Germany)',
        'Japanese (Japan)',
        'Spanish (Spain)',
      ],
    );
  });

  it('within a locale: the current voice first, then by name', () => {
    const entries = buildVoicePickEntries(voices, 'en-US-EmmaNeural');
    const us = voiceEntries(entries)
      .filter((e) => e.voice.locale === 'en-US')
      .map((e) => e.voice.name);
    assert.deepEqual(us, ['Emma', 'Andrew', 'Aria', 'Ava', 'Brian']);
  });

  it("a current voice missing from the list still brings its locale's group first, with nothing marked", () => {
    const entries = buildVoicePickEntries(voices, 'ja-JP-KeitaNeural');
    assert.equal(entries[0]?.kind === 'separator' && entries[0].locale, 'ja-JP');
    assert.equal(voiceEntries(entries).filter((e) => e.current).length, 0);
  });

  it('shows name, locale, gender, language and personalities, so typing any of them filters', () => {
    const entries = buildVoicePickEntries(voices, 'en-US-AvaNeural');
    const andrew = voiceEntries(entries).find((e) => e.voice.shortName === 'en-US-AndrewNeural');
    assert.deepEqual(andrew && { label: andrew.label, description: andrew.description, detail: andrew.detail }, {
      label: 'Andrew',
      description: 'en-US · Male',
      detail: 'English (United States) · Warm, Confident, Authentic, Honest',
    });
    assert.deepEqual(filter(entries, 'brian'), ['en-US-BrianNeural']);
    assert.deepEqual(filter(entries, 'de-DE'), ['de-DE-KatjaNeural']);
    assert.deepEqual(filter(entries, 'japanese'), ['ja-JP-NanamiNeural']);
    assert.deepEqual(filter(entries, 'en-US · Male'), ['en-US-AndrewNeural', 'en-US-BrianNeural']);
    assert.equal(filter(entries, 'female').length, FAKE_EDGE_VOICES.filter((v) => v.Gender === 'Female').length);
    assert.deepEqual(filter(entries, 'cheerful'), ['en-US-EmmaNeural']);
    assert.deepEqual(filter(entries, 'warm').sort(), ['en-US-AndrewNeural', 'zh-CN-XiaoxiaoNeural']);
  });

  it('shows a status other than GA', () => {
    const preview: VoiceInfo = { ...voices[0]!, status: 'Preview' };
    const [, entry] = buildVoicePickEntries([preview], 'en-US-AvaNeural');
    assert.equal(entry?.kind === 'voice' && entry.description, 'ar-EG · Female · Preview');
  });

  it('does not let a name from the service render as an icon', () => {
    const odd: VoiceInfo = { ...voices[0]!, name: '$(alert) Salma' };
    const [, entry] = buildVoicePickEntries([odd], 'en-US-AvaNeural');
    assert.ok(entry?.kind === 'voice' && !entry.label.includes('$('));
  });

  it('preview samples: in the voice’s language where there is one, with its first name; English otherwise', () => {
    assert.equal(previewSample({ locale: 'en-GB', name: 'Sonia' }), "Hello, I'm Sonia. This is how I sound when I read your text aloud.");
    assert.match(previewSample({ locale: 'de-DE', name: 'Katja' }), /^Hallo, ich bin Katja\./);
    assert.match(previewSample({ locale: 'ja-JP', name: 'Nanami' }), /Nanami/);
    assert.match(previewSample({ locale: 'en-US', name: 'Ava Multilingual' }), /I'm Ava\./);
    assert.match(previewSample({ locale: 'sw-KE', name: 'Zuri' }), /^Hello, I'm Zuri\./);
  });
});
