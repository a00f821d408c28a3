import * as assert from 'node:assert/strict';
import { espeakBackend } from '../../src/engines/system/espeakEngine';
import type { SystemSpeechBackend } from '../../src/engines/system/systemBackend';
import { listSystemVoices } from '../../src/engines/system/systemVoices';
import { buildSystemVoicePickEntries } from '../../src/voices/systemVoicePickItems';

describe('System voices in Select Voice', function () {
  this.timeout(20_000);

  it('lists the real espeak-ng voices, English among them', async () => {
    const voices = await listSystemVoices(espeakBackend);
    assert.ok(voices.length > 50, `${voices.length} voices`);
    assert.deepEqual(
      voices.find((v) => v.name === 'en-us'),
      { name: 'en-us', language: 'en-US', description: 'English (America), male' },
    );
  });

  it('a missing engine is an error naming what to install', async () => {
    const missing: SystemSpeechBackend = { ...espeakBackend, voicesCommand: () => ({ program: 'espeak-ng-not-here', args: ['--voices'] }) };
    await assert.rejects(listSystemVoices(missing), /package "espeak-ng"/);
  });

  it('one group headed by the engine, the current voice first and marked, names never icons', () => {
    const entries = buildSystemVoicePickEntries(
      [
        { name: 'fr-fr', language: 'fr-FR', description: 'French, male' },
        { name: 'en-us', language: 'en-US', description: 'English (America), male' },
        { name: 'de', language: 'de', description: '$(zap) German' },
      ],
      'en-us',
      'espeak-ng',
    );
    assert.deepEqual(entries[0], { kind: 'separator', label: 'System voices (espeak-ng) — offline' });
    assert.deepEqual(
      entries.slice(1).map((e) => (e.kind === 'systemVoice' ? [e.label, e.description, e.current] : [])),
      [
        ['$(check) en-us', 'en-US · system voice', true],
        ['de', 'de · system voice', false],
        ['fr-fr', 'fr-FR · system voice', false],
      ],
    );
    const german = entries.find((e) => e.kind === 'systemVoice' && e.voice.name === 'de');
    assert.ok(german?.kind === 'systemVoice' && !german.detail.includes('$(zap)'));
    assert.deepEqual(buildSystemVoicePickEntries([], undefined, 'say'), []);
  });
});
