import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// No workspace file may redirect the user's text to another server: the endpoint is fixed in code, no
// setting names one, and the only way to move it (for tests) exists only in VS Code's test mode.

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the speech endpoint cannot be redirected by a workspace', () => {
  it('no setting names a server, URL, endpoint or proxy', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    const names = Object.keys(pkg.contributes.configuration.properties);
    assert.ok(names.length > 0);
    assert.deepEqual(
      names.filter((name) => /url|endpoint|server|host|proxy|address/i.test(name)),
      [],
    );
  });

  it('only the test-mode branch of activate() moves the endpoint', () => {
    const callers = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => /\bsetEdgeEndpoint\(/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    assert.deepEqual(callers.sort(), ['src/extension.ts', 'src/speech/edgeEndpoint.ts']);
    const extension = fs.readFileSync(path.join(ROOT, 'src/extension.ts'), 'utf8');
    const guard = extension.indexOf('if (context.extensionMode !== vscode.ExtensionMode.Test) {');
    const call = extension.indexOf('setEdgeEndpoint(');
    assert.ok(guard > 0 && call > guard, 'setEdgeEndpoint is reached only after the test-mode guard returns');
    // The guard's block does nothing but return (the public API, outside a test run).
    assert.match(extension.slice(guard, call), /^[^{]*\{\s*return \w+;\s*\}/);
  });

  it("the production endpoint is Microsoft's", async () => {
    const { currentEdgeEndpoint, isDefaultEdgeEndpoint } = await import('../../src/speech/edgeEndpoint');
    assert.ok(isDefaultEdgeEndpoint());
    assert.equal(currentEdgeEndpoint().speechUrl, 'wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1');
  });
});
