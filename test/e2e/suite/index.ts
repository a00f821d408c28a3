// Entry point VS Code loads as --extensionTestsPath: runs every out/test/e2e/suite/**/*.e2e.js in the
// extension host with mocha (bdd) and ends with a plain "N passed, N failed" line, which CI reads
// (mocha's own summary is not read; docs/e2e.md). Rejecting makes VS Code exit non-zero.
// With READ_ALOUD_E2E_SUMMARY set, the line goes to that file instead and the runner prints it last.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { endSecondLife, filesAfterReload, firstLifeTally, isSecondLife, prepareSecondLife } from './reload';
import { hasUi, screenshot, waitForWorkbench } from './ui';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(full));
    else if (entry.name.endsWith('.e2e.js')) out.push(full);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  mocha.rootHooks({
    async beforeAll() {
      // The tests start as soon as the extension host is up; the page may still be laying out.
      if (hasUi()) await waitForWorkbench();
    },
    async afterEach(this: Mocha.Context) {
      const test = this.currentTest;
      if (test?.state === 'failed' && hasUi()) {
        const file = await screenshot(`failed-${test.fullTitle()}`).catch((err: Error) => `(no screenshot: ${err.message})`);
        console.log(`    screenshot of the failure: ${file}`);
      }
    },
  });

  // READ_ALOUD_E2E_ONLY=20-stop,60-long runs only the files whose names contain one of these (development).
  const only = (process.env.READ_ALOUD_E2E_ONLY ?? '').split(',').filter(Boolean);
  // After a reload the run asked for (reload.ts): only the files that asked, and never a second reload.
  const secondLife = isSecondLife();
  if (secondLife) endSecondLife();
  const files = findTests(__dirname).filter((file) =>
    secondLife
      ? filesAfterReload().includes(path.basename(file))
      : only.length === 0 || only.some((part) => path.basename(file).includes(part)),
  );
  if (files.length === 0) throw new Error(`no *.e2e.js files under ${__dirname}${only.length ? ` matching ${only.join(',')}` : ''}`);
  for (const file of files) mocha.addFile(file);

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as Mocha.Stats)));
  });
  if (!secondLife && prepareSecondLife({ passes: stats.passes, failures: stats.failures, pending: stats.pending })) {
    console.log('Reloading the window: tests go on after the reload.');
    await vscode.commands.executeCommand('workbench.action.reloadWindow');
    // The reload ends this extension host; the window's second life reports for the whole run.
    return new Promise<void>(() => undefined);
  }
  const before = firstLifeTally() ?? { passes: 0, failures: 0, pending: 0 };
  const passes = before.passes + stats.passes;
  const failures = before.failures + stats.failures;
  const pending = before.pending + stats.pending;
  const skipped = pending ? `, ${pending} skipped` : '';
  const summary = `${passes} passed, ${failures} failed${skipped}`;
  // runE2E prints it itself as the very last line (after @vscode/test-electron's "Exit code:").
  const summaryFile = process.env.READ_ALOUD_E2E_SUMMARY;
  if (summaryFile) fs.writeFileSync(summaryFile, summary);
  else console.log(summary);
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
  if (passes === 0) throw new Error('no e2e test ran');
}
