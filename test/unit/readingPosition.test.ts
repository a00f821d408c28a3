import * as assert from 'node:assert/strict';
import { captionText, positionText, statusDetail } from '../../src/reading/readingPosition';

describe('where a reading is: status bar and caption text', () => {
  it('the position: n / total, with + while more is being prepared, nothing for one sentence', () => {
    assert.equal(positionText(2, 12, true), '3 / 12');
    assert.equal(positionText(0, 12, true), '1 / 12');
    assert.equal(positionText(0, 1, true), '');
    assert.equal(positionText(0, 1, false), '1 / 1+');
    assert.equal(positionText(39, 340, false), '40 / 340+');
  });

  it('the status detail names the system voice, not Edge', () => {
    assert.equal(statusDetail('3 / 12', 'edge'), '3 / 12');
    assert.equal(statusDetail('3 / 12', 'system'), '3 / 12 · system voice');
    assert.equal(statusDetail('', 'system'), 'system voice');
    assert.equal(statusDetail('', 'edge'), '');
  });

  it('the caption is one line, cut with an ellipsis at the limit', () => {
    assert.equal(captionText('One\n  sentence,\tsplit.'), 'One sentence, split.');
    assert.equal(captionText('abcdef', 6), 'abcdef');
    const cut = captionText('abcdefg', 6);
    assert.equal(cut, 'abcde…');
    assert.equal(cut.length, 6);
  });
});
