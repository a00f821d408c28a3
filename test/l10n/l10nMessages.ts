// The messages the extension translates at runtime, found in the source the way @vscode/l10n-dev finds
// them: every call `vscode.l10n.t('…', …)` and `l10n.t('…', …)` (src/shared/l10n.ts, for pure modules).
// Used by the unit test that keeps l10n/bundle.l10n.json in step with the code, and run directly to
// rewrite that bundle:  npm run l10n:bundle
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export const ROOT = path.resolve(__dirname, '../../..');
export const BUNDLE_PATH = path.join(ROOT, 'l10n', 'bundle.l10n.json');

export interface L10nCall {
  /** `src/…:line`. */
  readonly at: string;
  /** The English template; undefined when the first argument is not a plain string literal. */
  readonly message: string | undefined;
  /** How many placeholder values the call passes. */
  readonly argCount: number;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `vscode.l10n.t(…)` or `l10n.t(…)`. */
function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') {
    return false;
  }
  const target = node.expression.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/** Every l10n call in the extension's source (src/), the player's included. */
export function findL10nCalls(srcDir = path.join(ROOT, 'src')): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of sourceFiles(srcDir)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (isL10nCall(node)) {
        const first = node.arguments[0];
        const literal = first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? first.text : undefined;
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        calls.push({
          at: `${path.relative(ROOT, file).split(path.sep).join('/')}:${line}`,
          message: literal,
          argCount: node.arguments.length - 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return calls;
}

/** The English bundle: each message is its own key and text (VS Code's format for messages without a comment). */
export function bundleFor(calls: readonly L10nCall[]): Record<string, string> {
  const messages = [...new Set(calls.flatMap((call) => (call.message === undefined ? [] : [call.message])))].sort();
  return Object.fromEntries(messages.map((message) => [message, message]));
}

export function bundleText(bundle: Record<string, string>): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

if (require.main === module) {
  const calls = findL10nCalls();
  const dynamic = calls.filter((call) => call.message === undefined);
  if (dynamic.length > 0) {
    console.error(`l10n.t needs a string literal as its first argument: ${dynamic.map((call) => call.at).join(', ')}`);
    process.exit(1);
  }
  const bundle = bundleFor(calls);
  fs.mkdirSync(path.dirname(BUNDLE_PATH), { recursive: true });
  fs.writeFileSync(BUNDLE_PATH, bundleText(bundle));
  console.log(`${path.relative(ROOT, BUNDLE_PATH)}: ${Object.keys(bundle).length} messages`);
}
