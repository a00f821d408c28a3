// `npm run test:e2e`: the e2e suite inside code-server (real VS Code 1.139 in headless Chromium),
// offline. test/e2e/launcher/code-server-launcher.js stands in for the `code` executable; see
// docs/e2e.md. Needs `bash test/e2e/install-host.sh` first (Node 24 + code-server in .e2e-tools/).
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { prepareRun, repoRoot } from './runOptions';

async function main(): Promise<number> {
  const started = Date.now();
  const run = prepareRun();
  try {
    await runTests({
      vscodeExecutablePath: path.join(repoRoot, 'test', 'e2e', 'launcher', 'code-server-launcher.js'),
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      launchArgs: run.launchArgs,
      extensionTestsEnv: run.extensionTestsEnv,
    });
    return 0;
  } catch (err) {
    console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
    run.printSummary(); // last line: what CI reads
    run.dispose();
  }
}

void main().then((code) => process.exit(code));
