import * as assert from 'node:assert/strict';
import { DEFAULT_HIGHLIGHT_SETTINGS, validateHighlightSettings } from '../../src/settings/highlightSettings';

describe('highlight settings', () => {
  it('takes valid values as they are', () => {
    assert.deepEqual(validateHighlightSettings({ highlight: 'sentence', followInEditor: false }), {
      settings: { highlight: 'sentence', followInEditor: false },
      problems: [],
    });
    assert.deepEqual(validateHighlightSettings({ highlight: 'off' }).settings.highlight, 'off');
    assert.deepEqual(validateHighlightSettings({}), { settings: DEFAULT_HIGHLIGHT_SETTINGS, problems: [] });
  });

  it('replaces invalid values by the defaults, saying which setting, never echoing the value', () => {
    const { settings, problems } = validateHighlightSettings({ highlight: '<b>WORD</b>', followInEditor: 'yes' });
    assert.deepEqual(settings, { highlight: 'word', followInEditor: true });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^readAloud\.highlight must be one of word, sentence, off; using word\.$/);
    assert.match(problems[1]!, /^readAloud\.followInEditor must be true or false; using true\.$/);
    assert.ok(problems.every((p) => !p.includes('<b>') && !p.includes('yes')));
  });
});
