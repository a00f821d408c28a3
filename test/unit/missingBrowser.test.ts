// A missing or broken browser must fail the browser suites quickly and let mocha exit: whatever their
// `before` hooks opened (the player's HTTP server) is closed again, so no handle keeps the process alive.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';

/** Compiled to out/test/unit: the repository is three levels up. */
const ROOT = path.resolve(__dirname, '../../..');
/** Far above the ~2 s these runs take, far below "never exits". */
const CEILING_MS = 60_000;

interface MochaRun {
  readonly exitCode: number | null;
  readonly output: string;
}

/** Runs mocha on the browser suites with `READ_ALOUD_CHROMIUM` set, killing it at the ceiling. */
function runBrowserSuites(chromium: string): Promise<MochaRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--reporter', 'dot', '--timeout', '20000', 'out/test/browser/*.test.js'],
      { cwd: ROOT, env: { ...process.env, READ_ALOUD_CHROMIUM: chromium }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mocha was still running after ${CEILING_MS} ms (a handle kept it alive):\n${output}`));
    }, CEILING_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output });
    });
  });
}

describe('browser suites without a working Chromium', function () {
  this.timeout(CEILING_MS + 10_000);

  it('fail fast with one line naming the fix when the executable is missing', async () => {
    const run = await runBrowserSuites(path.join(ROOT, 'no-such-dir/chromium'));
    assert.notEqual(run.exitCode, 0, run.output);
    assert.match(run.output, /chromium not found at .*no-such-dir\/chromium: run scripts\/install-prerequisites\.sh/);
  });

  it('exit, failing, when the executable is there but is no browser (the launch fails after the server opened)', async () => {
    const run = await runBrowserSuites('/bin/false');
    assert.notEqual(run.exitCode, 0, run.output);
    assert.match(run.output, /browserType\.launch/);
  });
});
