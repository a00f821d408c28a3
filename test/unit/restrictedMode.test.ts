// What a malicious workspace's `.vscode/settings.json` could do before (the audit): turn on text logging,
// blow text up 200× with pronunciations, and flood the user with 100,000 warnings on every reading.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { passagePreparer } from '../../src/reading/passagePreparer';
import { planReading } from '../../src/reading/readingPlan';
import { PROBLEMS_SHOWN, SettingProblemsOnce, summarizeProblems } from '../../src/settings/settingProblems';
import { maxPronunciationGrowth, validatePronunciations } from '../../src/text/pronunciation/pronunciations';

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: unknown; description?: unknown; restrictedConfigurations?: unknown } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('Restricted Mode and settings a workspace chose', () => {
  it('package.json: in an untrusted workspace VS Code ignores the workspace values of the settings that matter', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.equal(typeof untrusted.description, 'string');
    assert.deepEqual(untrusted.restrictedConfigurations, [
      'readAloud.voice',
      'readAloud.voicesByLanguage',
      'readAloud.pronunciations',
      'readAloud.debug.logText',
    ]);
    const properties = manifest.contributes.configuration.properties;
    for (const name of untrusted.restrictedConfigurations) {
      assert.ok(properties[name], `${name} is a contributed setting`);
    }
    // Logging the text read is the user's choice alone, in any workspace, trusted or not.
    assert.equal(properties['readAloud.debug.logText']?.scope, 'application');
  });

  it('100,000 invalid pronunciations: the first few and a count, once per change of the setting', () => {
    const setting = Array.from({ length: 100_000 }, (_, n) => ({ from: `word${n}` }));
    const shown = new SettingProblemsOnce();
    const reading = (raw: unknown): string[] => summarizeProblems(shown.take('text', validatePronunciations(raw).problems, String));

    const first = reading(setting);
    assert.equal(first.length, PROBLEMS_SHOWN + 1);
    assert.match(first[0]!, /^Pronunciation "word0" has no "to" text/);
    assert.equal(first[PROBLEMS_SHOWN], '…and 99997 more problems with the Read Aloud settings; see the Settings editor.');
    assert.deepEqual(reading(setting), [], 'the next reading: nothing new to say');
    assert.deepEqual(reading(structuredClone(setting)), [], 'the same setting read afresh');

    const changed = [...setting.slice(1), { from: 'x', to: 1 }];
    assert.equal(reading(changed).length, PROBLEMS_SHOWN + 1, 'the setting changed: reported again');
    assert.deepEqual(reading([{ from: 'kubectl', to: 'cube control' }]), [], 'fixed: nothing to report');
    assert.deepEqual(summarizeProblems(['one', 'two']), ['one', 'two']);
    assert.deepEqual(summarizeProblems(['1', '2', '3', '4']), [
      '1',
      '2',
      '3',
      '…and 1 more problem with the Read Aloud settings; see the Settings editor.',
    ]);
  });

  it('pronunciations that would make the text 200× longer stop at the limit, with a warning', () => {
    const rules = validatePronunciations([{ from: 'a', to: 'b'.repeat(200), wholeWord: false }]).rules;
    const text = 'a banana and a papaya; '.repeat(400);
    let warnings = 0;
    const prepare = passagePreparer({
      languageId: 'plaintext',
      mode: 'document',
      codeBlocks: 'announce',
      codeFiles: 'comments',
      pronunciations: rules,
      onPronunciationLimit: () => warnings++,
    });
    const plan = planReading([{ text, offset: 0 }], 4096, prepare);
    const spoken = plan.passages[0]!.text;
    assert.ok(spoken.length <= text.length + maxPronunciationGrowth(text.length), `${spoken.length} characters from ${text.length}`);
    assert.ok(spoken.startsWith('b'.repeat(200)), 'applied up to the limit');
    assert.ok(spoken.endsWith('a banana and a papaya;'), 'the rest read as written');
    assert.equal(warnings, 1);

    // Ordinary rules, even many of them, stay well within it.
    let ordinaryWarnings = 0;
    const ordinary = passagePreparer({
      languageId: 'plaintext',
      mode: 'document',
      codeBlocks: 'announce',
      codeFiles: 'comments',
      pronunciations: validatePronunciations({ 'VS Code': 'Visual Studio Code', kubectl: 'cube control' }).rules,
      onPronunciationLimit: () => ordinaryWarnings++,
    });
    const prose = planReading([{ text: 'Open VS Code and run kubectl. '.repeat(500), offset: 0 }], 4096, ordinary);
    assert.equal(ordinaryWarnings, 0);
    assert.match(prose.passages[0]!.text, /Visual Studio Code and run cube control\.$/);
  });
});
