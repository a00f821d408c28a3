// `npm run test:vscode`: the same e2e suite in desktop VS Code, for machines that can download it
// (@vscode/test-electron fetches it into ./.vscode-test). There is no UI bridge there: tests written
// with describeUi()/skipWithoutUi() skip themselves; everything else runs.
// VSCODE_TEST_VERSION picks the version (default "stable"; e.g. "1.96.0", our engines minimum).
import { runTests } from '@vscode/test-electron';
import { prepareRun } from './runOptions';

async function main(): Promise<number> {
  const run = prepareRun();
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      extensionDevelopmentPath: run.extensionDevelopmentPath,
      extensionTestsPath: run.extensionTestsPath,
      launchArgs: run.launchArgs,
      extensionTestsEnv: run.extensionTestsEnv,
    });
    return 0;
  } catch (err) {
    console.error(`e2e (desktop): ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    run.printSummary(); // last line: what CI reads
    run.dispose();
  }
}

void main().then((code) => process.exit(code));
