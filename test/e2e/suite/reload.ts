// A real window reload in the middle of the e2e run. The suite runs inside the extension host, which a
// reload ends, so a test that needs one is split in two: `beforeReload` tests run in the first life of
// the window and may ask for a reload with data for later; once every test has run, index.ts saves the
// tally, reloads the window ("Developer: Reload Window"), and in the window's second life runs only the
// `afterReload` tests of the files that asked, then reports both lives' tallies as one.
// The state lives beside the run's summary file (a temporary folder per run): without it (a run
// without runOptions), reload tests skip themselves.
import * as fs from 'node:fs';
import * as path from 'node:path';

const stateDir = process.env.READ_ALOUD_E2E_SUMMARY ? path.dirname(process.env.READ_ALOUD_E2E_SUMMARY) : undefined;
const requestFile = stateDir && path.join(stateDir, 'reload-request.json');
const lifeFile = stateDir && path.join(stateDir, 'reload-life.json');

export interface Tally {
  passes: number;
  failures: number;
  pending: number;
}

interface ReloadRequest {
  /** Test files (basenames) whose `afterReload` tests run after the reload. */
  files: string[];
  /** What each file left for its tests after the reload, by file. */
  data: Record<string, unknown>;
}

interface SecondLife extends ReloadRequest {
  /** The first life's tally. */
  before: Tally;
}

/** The second life, read once at load: the window was reloaded by this run. */
const secondLife: SecondLife | undefined =
  lifeFile && fs.existsSync(lifeFile) ? (JSON.parse(fs.readFileSync(lifeFile, 'utf8')) as SecondLife) : undefined;

export function isSecondLife(): boolean {
  return secondLife !== undefined;
}

/** The first life's tally (second life only). */
export function firstLifeTally(): Tally | undefined {
  return secondLife?.before;
}

/** In the second life: the files to run (only those that asked for the reload). */
export function filesAfterReload(): string[] {
  return secondLife?.files ?? [];
}

/** A test for the first life of the window; the second life skips it. */
export function itBeforeReload(title: string, fn: (this: Mocha.Context) => Promise<void>): void {
  if (stateDir && !secondLife) it(title, fn);
}

/** A test for after the reload, given what `requestReload` saved for its file; skipped in the first life. */
export function itAfterReload(file: string, title: string, fn: (this: Mocha.Context, data: unknown) => Promise<void>): void {
  if (secondLife?.files.includes(file)) {
    it(title, function () {
      return fn.call(this, secondLife?.data[file]);
    });
  }
}

/** Asks for a reload once the first life's tests are done; `data` reaches the file's `afterReload` tests. */
export function requestReload(file: string, data: unknown): void {
  if (!requestFile) throw new Error('no state folder for a reload (READ_ALOUD_E2E_SUMMARY is not set)');
  const request: ReloadRequest = fs.existsSync(requestFile)
    ? (JSON.parse(fs.readFileSync(requestFile, 'utf8')) as ReloadRequest)
    : { files: [], data: {} };
  if (!request.files.includes(file)) request.files.push(file);
  request.data[file] = data;
  fs.writeFileSync(requestFile, JSON.stringify(request));
}

/**
 * First life, after its tests: if a test asked for a reload, saves the tally for the second life and
 * returns true (the caller then reloads the window). The request is consumed: a run reloads at most once.
 */
export function prepareSecondLife(before: Tally): boolean {
  if (secondLife || !requestFile || !lifeFile || !fs.existsSync(requestFile)) return false;
  const request = JSON.parse(fs.readFileSync(requestFile, 'utf8')) as ReloadRequest;
  fs.rmSync(requestFile);
  const life: SecondLife = { ...request, before };
  fs.writeFileSync(lifeFile, JSON.stringify(life));
  return true;
}

/** Second life, at its start: the window is not reloaded again, whatever happens in this life. */
export function endSecondLife(): void {
  if (lifeFile && fs.existsSync(lifeFile)) fs.rmSync(lifeFile);
}
