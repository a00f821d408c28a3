// What both e2e entry points (runE2E: code-server here; runDesktop: downloaded desktop VS Code) pass
// to @vscode/test-electron's runTests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface E2eRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  launchArgs: string[];
  extensionTestsEnv: Record<string, string>;
  /** suite/index.ts writes "N passed, N failed" here; the runner prints it as its last line. */
  summaryFile: string;
  /** Prints the suite's "N passed, N failed" line, if the suite got that far. */
  printSummary(): void;
  /** Removes the temporary profile and workspace copy. */
  dispose(): void;
}

/** From out/test/e2e/ (compiled) back to the repository root. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function prepareRun(): E2eRun {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-aloud-e2e-run-'));
  // Tests may edit and save fixture files: give them a copy, never the checked-in folder.
  const workspace = path.join(tmp, 'workspace');
  const summaryFile = path.join(tmp, 'summary.txt');
  fs.cpSync(path.join(repoRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  return {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
    launchArgs: [
      workspace,
      // Explicit dirs, or runTests falls back to ./.vscode-test/{user-data,extensions} in the cwd.
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
      '--disable-extensions',
    ],
    extensionTestsEnv: {
      READ_ALOUD_E2E: '1',
      READ_ALOUD_E2E_SUMMARY: summaryFile,
      READ_ALOUD_E2E_ONLY: process.env.READ_ALOUD_E2E_ONLY ?? '',
    },
    summaryFile,
    dispose: () => fs.rmSync(tmp, { recursive: true, force: true }),
    printSummary: () => {
      if (fs.existsSync(summaryFile)) console.log(fs.readFileSync(summaryFile, 'utf8').trim());
    },
  };
}
