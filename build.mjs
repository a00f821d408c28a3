// Two bundles: the extension host (Node, CommonJS) and the webview player (browser, IIFE); and the
// licence notices of the third-party code bundled into them (dist/THIRD-PARTY-NOTICES.txt, shipped in
// the .vsix). The player's script and stylesheet go to a folder of their own, dist/webview/, the only
// folder the webview may load from (localResourceRoots): it must not be able to read extension.js.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'info', metafile: true };

/** Bundles only what the extension host uses of its dependencies. */
const hostDependencies = {
  name: 'host-dependencies',
  setup(build) {
    // msedge-tts imports the npm `buffer` polyfill ("buffer/index"); in Node the built-in is the same API.
    build.onResolve({ filter: /^buffer(\/index(\.js)?)?$/ }, () => ({ path: 'node:buffer', external: true }));
    // Only the WebSocket client: the package's entry also brings its server, which nothing here uses.
    const wsClient = path.join(path.dirname(require.resolve('ws/package.json')), 'lib/websocket.js');
    build.onResolve({ filter: /^ws$/ }, () => ({ path: wsClient }));
  },
};

/** The packages (by their folder under node_modules) whose code is in the bundles, from the metafiles. */
const bundledPackages = new Map(); // bundle → package folders
const notices = {
  name: 'third-party-notices',
  setup(build) {
    build.onEnd((result) => {
      if (result.metafile === undefined) {
        return;
      }
      const folders = new Set();
      for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
        if (output.endsWith('.map')) {
          continue;
        }
        for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
          const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
          if (match !== null && bytesInOutput > 0) {
            folders.add(match[1]);
          }
        }
      }
      bundledPackages.set(build.initialOptions.outfile ?? build.initialOptions.outdir, folders);
      writeNotices();
    });
  },
};

function writeNotices() {
  const folders = [...new Set([...bundledPackages.values()].flatMap((set) => [...set]))];
  const sections = folders
    .map((folder) => {
      const { name, version, license } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
      const file = readdirSync(folder).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
      if (file === undefined) {
        throw new Error(`${name} is bundled but has no licence file to ship`);
      }
      const text = readFileSync(path.join(folder, file), 'utf8').trim();
      return { name, text: `${name} ${version} (${license})\n\n${text}` };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const header =
    'Read Aloud bundles the following third-party software into dist/extension.js and dist/webview/player.js.\n' + 'Their licences follow.';
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/THIRD-PARTY-NOTICES.txt', [header, ...sections.map((s) => s.text)].join(`\n\n${'-'.repeat(78)}\n\n`) + '\n');
}

const contexts = await Promise.all([
  esbuild.context({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // msedge-tts needs axios only for getVoices(), which we never call (see src/speech/axiosStub.ts).
    alias: { axios: './src/speech/axiosStub.ts' },
    plugins: [hostDependencies, notices],
  }),
  esbuild.context({
    ...common,
    entryPoints: ['media/player.ts', 'media/player.css'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    plugins: [notices],
  }),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
if (!existsSync('dist/THIRD-PARTY-NOTICES.txt')) {
  throw new Error('dist/THIRD-PARTY-NOTICES.txt was not written');
}
