// The player webview may run our script and load the player's own files, nothing else of the extension:
// the audit found it could load dist/extension.js, and that forms were not disabled.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PLAYER_ASSETS_FOLDER, playerWebviewOptions } from '../../src/player/playerHtml';

const ROOT = path.join(__dirname, '../../..');

describe('player webview options', () => {
  it('scripts on, forms off, and one local resource root: the player folder', () => {
    assert.deepEqual(playerWebviewOptions('ROOT'), { enableScripts: true, enableForms: false, localResourceRoots: ['ROOT'] });
  });

  it('the build puts the player (and only the player) in that folder, away from extension.js', () => {
    const build = readFileSync(path.join(ROOT, 'build.mjs'), 'utf8');
    assert.match(build, new RegExp(`outdir: '${PLAYER_ASSETS_FOLDER}'`));
    assert.match(build, /outfile: 'dist\/extension\.js'/);
    assert.ok(!`dist/extension.js`.startsWith(`${PLAYER_ASSETS_FOLDER}/`));
    const built = path.join(ROOT, PLAYER_ASSETS_FOLDER);
    if (existsSync(built)) {
      // After `npm run build`: the script, the stylesheet and their source maps, nothing else.
      for (const name of readdirSync(built)) assert.match(name, /^player\.(js|css)(\.map)?$/, name);
    }
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, new RegExp(`^!${PLAYER_ASSETS_FOLDER}/player\\.js$`, 'm'));
    assert.match(ignore, new RegExp(`^!${PLAYER_ASSETS_FOLDER}/player\\.css$`, 'm'));
  });
});
