// Two bundles: the extension host (Node, CommonJS) and the webview player (browser, IIFE). The player's
// script and stylesheet go to a folder of their own, dist/webview/, the only folder the webview may load
// from (localResourceRoots): it must not be able to read extension.js.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'info' };

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
  }),
  esbuild.context({
    ...common,
    entryPoints: ['media/player.ts', 'media/player.css'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  }),
]);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
