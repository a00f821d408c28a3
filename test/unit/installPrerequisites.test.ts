// scripts/install-prerequisites.sh, run against stand-ins for the system: a PATH holding only fake
// dpkg-query, apt-get, id, sudo and espeak-ng, which record what they were asked. Nothing is installed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Compiled to out/test/unit: the repository is three levels up. */
const SCRIPT = path.resolve(__dirname, '../../../scripts/install-prerequisites.sh');

interface System {
  readonly uid: number;
  /** Packages dpkg-query reports as installed. */
  readonly installed: readonly string[];
  readonly chromium: boolean;
  readonly espeak: boolean;
  /** `sudo -n` works (passwordless sudo). */
  readonly sudo: boolean;
}

interface Outcome {
  readonly status: number | null;
  readonly stderr: string;
  /** Every apt-get call, as "[sudo] apt-get <args>". */
  readonly aptCalls: string[];
}

function run(system: System): Outcome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-aloud-prereq-'));
  try {
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'apt.log');
    fs.mkdirSync(bin);
    const script = (name: string, body: string): void => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    script('id', `echo ${system.uid}`);
    script('dpkg-query', `case " ${system.installed.join(' ')} " in *" \${@: -1} "*) echo 'install ok installed' ;; *) exit 1 ;; esac`);
    script('apt-get', `echo "\${SUDO_MARK:-}apt-get $*" >> '${log}'`);
    script('env', 'while [[ "$1" == *=* ]]; do export "$1"; shift; done; exec "$@"');
    if (system.sudo) script('sudo', '[ "$1" = -n ] && shift; export SUDO_MARK="sudo "; "$@"');
    if (system.espeak) script('espeak-ng', 'exit 0');
    const chromium = path.join(dir, 'chromium');
    if (system.chromium) script('../chromium', 'exit 0');
    const result = spawnSync('/bin/bash', [SCRIPT], {
      env: { PATH: bin, READ_ALOUD_CHROMIUM: chromium },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 20_000,
    });
    const aptCalls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: result.status, stderr: result.stderr, aptCalls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const EVERYTHING: System = { uid: 1000, installed: ['libkrb5-dev', 'ca-certificates'], chromium: true, espeak: true, sudo: false };

describe('scripts/install-prerequisites.sh', function () {
  this.timeout(30_000);

  it('does nothing, not even apt-get update, when everything is there', () => {
    const outcome = run(EVERYTHING);
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.deepEqual(outcome.aptCalls, []);
  });

  it('as root, updates once and installs only what is missing', () => {
    const outcome = run({ ...EVERYTHING, uid: 0, installed: ['ca-certificates'], chromium: false });
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.equal(outcome.aptCalls.length, 2, outcome.aptCalls.join('\n'));
    assert.match(outcome.aptCalls[0]!, /^apt-get update/);
    assert.match(outcome.aptCalls[1]!, /^apt-get install -y .*--no-install-recommends chromium libkrb5-dev$/);
  });

  it('as a user, goes through sudo', () => {
    const outcome = run({ ...EVERYTHING, espeak: false, sudo: true });
    assert.equal(outcome.status, 0, outcome.stderr);
    assert.deepEqual(
      outcome.aptCalls.map((call) => call.split(' ').slice(0, 3).join(' ')),
      ['sudo apt-get update', 'sudo apt-get install'],
    );
    assert.match(outcome.aptCalls[1]!, / espeak-ng$/);
  });

  it('without root or sudo, fails with one line saying what to install', () => {
    const outcome = run({ ...EVERYTHING, espeak: false, installed: ['libkrb5-dev'] });
    assert.equal(outcome.status, 1);
    assert.deepEqual(outcome.aptCalls, []);
    const lines = outcome.stderr.trim().split('\n');
    assert.equal(lines.length, 1, outcome.stderr);
    assert.match(lines[0]!, /missing espeak-ng ca-certificates: run as root or with sudo: sudo apt-get install espeak-ng ca-certificates$/);
  });
});
