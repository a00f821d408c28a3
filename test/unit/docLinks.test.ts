// The docs name files of this repository: Markdown links (`[x](../test/e2e/README.md)`, with an
// optional `#anchor`) and code-formatted paths (`src/reading/planBuilder.ts`, `text/markdown/`, relative
// to the document's folder, the repo root, `src/` or `media/`). A file renamed or moved leaves such a path behind; this
// test lists every one that no longer points at a file, and every anchor that is not a heading.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The documents checked: the user's README, the changelog and the developer docs. */
function documents(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'CHANGELOG.md', 'test/e2e/README.md', ...docs];
}

/** Paths the README uses as examples of text to read (never files of this repo). */
const EXAMPLES = new Set(['src/app.ts', '.github/copilot-instructions.md', '.vscode/settings.json']);
/** Built, installed or generated on demand: not in a clone. */
const GENERATED = /^(dist|out|node_modules|\.e2e-tools|\.test-artifacts)\//;
/** Where a code-formatted path may be relative to, besides the document's own folder. */
const BASES = ['', 'src/', 'media/'];

export interface BrokenPath {
  readonly document: string;
  readonly path: string;
  readonly reason: string;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const withoutFences = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...withoutFences.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => headingAnchor(match[1] ?? '')));
}

const exists = (relative: string): boolean => fs.existsSync(path.join(ROOT, relative));

/** A code-formatted path names a repo file when it exists relative to one of the bases (a module may omit `.ts`). */
function codePathExists(folder: string, candidate: string): boolean {
  const bases = folder === '.' ? BASES : [`${folder}/`, ...BASES];
  return bases.some((base) => exists(base + candidate) || exists(`${base}${candidate}.ts`));
}

/** Every broken link and code-formatted path in `markdown`, the text of the document at `document`. */
export function brokenPaths(document: string, markdown: string, fileExists: (relative: string) => boolean = exists): BrokenPath[] {
  const broken: BrokenPath[] = [];
  const folder = path.posix.dirname(document);
  for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1] ?? '';
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [file = '', anchor] = target.split('#');
    const relative = file === '' ? document : path.posix.normalize(path.posix.join(folder, file));
    if (!fileExists(relative)) {
      broken.push({ document, path: target, reason: 'no such file' });
    } else if (anchor !== undefined && relative.endsWith('.md')) {
      const text = relative === document ? markdown : fs.readFileSync(path.join(ROOT, relative), 'utf8');
      if (!anchorsOf(text).has(anchor)) broken.push({ document, path: target, reason: 'no such heading' });
    }
  }
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const match of prose.matchAll(/`([\w.-]+(?:\/[\w.-]+)+\/?)`/g)) {
    const candidate = match[1] ?? '';
    if (EXAMPLES.has(candidate) || GENERATED.test(candidate) || candidate.startsWith('@')) continue;
    const looksLikeFile = /\.(ts|js|mjs|sh|md|json|css|svg)$/.test(candidate) || candidate.endsWith('/');
    if (!looksLikeFile) continue; // `speech.platform.bing.com/…`-like text, `ui-bridge` actions
    if (!(fileExists === exists ? codePathExists(folder, candidate) : fileExists(candidate))) {
      broken.push({ document, path: candidate, reason: 'no such file' });
    }
  }
  return broken;
}

describe('paths named in the docs', () => {
  it('every link and code-formatted path in README.md, CHANGELOG.md and docs/ names an existing file or heading', () => {
    const broken = documents().flatMap((document) => brokenPaths(document, fs.readFileSync(path.join(ROOT, document), 'utf8')));
    assert.deepEqual(
      broken.map((entry) => `${entry.document}: ${entry.path} (${entry.reason})`),
      [],
    );
  });

  it('reports a link to a missing file, a missing heading and a stale code path', () => {
    const markdown = [
      '# Title',
      '## 5. Text limits',
      'See [the limits](#5-text-limits), [gone](#6-gone), [old](../src/reading/slicedPreparation.ts) and',
      '`src/text/codeSpeech.ts`, but not `src/app.ts` (an example) nor `dist/extension.js` (built).',
    ].join('\n');
    const known = new Set(['docs/x.md']);
    assert.deepEqual(
      brokenPaths('docs/x.md', markdown, (relative) => known.has(relative)).map((entry) => `${entry.path} (${entry.reason})`),
      ['#6-gone (no such heading)', '../src/reading/slicedPreparation.ts (no such file)', 'src/text/codeSpeech.ts (no such file)'],
    );
  });

  it('makes GitHub anchors from headings', () => {
    assert.equal(headingAnchor('8. The local protocol server (`test/fake-edge/`)'), '8-the-local-protocol-server-testfake-edge');
    assert.equal(headingAnchor('7. msedge-tts 2.0.7, as this code uses it'), '7-msedge-tts-207-as-this-code-uses-it');
  });
});
