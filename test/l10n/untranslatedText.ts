// Finds English text that reaches the user without l10n: a string literal (or template, or concatenation
// with one) given straight to a place the user reads — a notification, the status bar, a picker, a
// webview's textContent/aria-label, a SpeechError's message (shown when a reading fails), a settings
// problem, the player's failure message. Text that went through `vscode.l10n.t`/`l10n.t` (or the
// player's host-supplied `strings`) is a call or a property, not a literal, so it passes.
//
// Deliberately syntactic and simple, so it is deterministic and its reports are obvious: it cannot follow
// a literal through a variable, so keep user text at the sink or in an l10n call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export interface SourceText {
  /** Shown in reports, e.g. `src/commands.ts`. */
  readonly file: string;
  readonly text: string;
}

/** Calls whose every string argument is shown to the user (the first for setStatusBarMessage). */
const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage']);
/** Methods whose first argument is a failure message the user sees (the player's `fail`). */
const FAILURE_CALLS = new Set(['fail']);
/** Properties the user reads, on DOM elements, status bar items, quick picks and their items. */
const SHOWN_PROPERTIES = new Set([
  'textContent',
  'innerText',
  'title',
  'placeholder',
  'placeHolder',
  'prompt',
  'tooltip',
  'label',
  'description',
  'detail',
  'ariaLabel',
  'invocationMessage',
  'text',
]);
/** Attributes the user (or their screen reader) reads. */
const SHOWN_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'title', 'placeholder', 'alt']);
/** Constructors whose message a user sees: SpeechError(kind, message) ends up in the failure notification. */
const SHOWN_ERRORS = new Map([['SpeechError', 1]]);
/** The player's own helpers that put text on screen, and which argument is the text. */
const PLAYER_TEXT_HELPERS = new Map([
  ['setText', 1],
  ['button', 0],
]);
/**
 * In the player (media/), any literal that reads like words for people: capitalised, then lower case
 * (`'Idle'`, `'Reading…'`, `'Enable audio'`). Comparisons (`event.key === 'Enter'`, an error's name) and
 * the console are not shown, so they do not count.
 */
const PLAYER_WORDS = /^\p{Lu}\p{Ll}+(?:[\s\p{Ll}\p{P}]*)$/u;

/** `file:line: what` for every literal text given to a sink. */
export function findUntranslatedText(sources: readonly SourceText[]): string[] {
  const found: string[] = [];
  for (const { file, text } of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const reported = new Set<ts.Node>();
    const report = (node: ts.Node, sink: string): void => {
      const literal = englishLiteral(node);
      if (literal !== undefined && !reported.has(literal)) {
        reported.add(literal);
        const line = source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1;
        found.push(`${file}:${line}: ${JSON.stringify(literal.getText(source).slice(0, 80))} given to ${sink} without l10n`);
      }
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const name = calledName(node.expression);
        if (name !== undefined && MESSAGE_CALLS.has(name)) {
          const shown = name === 'setStatusBarMessage' ? node.arguments.slice(0, 1) : node.arguments;
          shown.forEach((argument) => report(argument, name));
        } else if (name !== undefined && FAILURE_CALLS.has(name) && node.arguments[0] !== undefined) {
          report(node.arguments[0], name);
        } else if (name === 'setAttribute' && node.arguments.length === 2) {
          const [attribute, value] = node.arguments;
          if (attribute !== undefined && ts.isStringLiteral(attribute) && SHOWN_ATTRIBUTES.has(attribute.text) && value !== undefined) {
            report(value, `setAttribute('${attribute.text}')`);
          }
        } else if (name !== undefined && PLAYER_TEXT_HELPERS.has(name) && file.startsWith('media/')) {
          const argument = node.arguments[PLAYER_TEXT_HELPERS.get(name) ?? 0];
          if (argument !== undefined) {
            report(argument, `${name}()`);
          }
        } else if (
          name === 'push' &&
          ts.isPropertyAccessExpression(node.expression) &&
          /problems$/i.test(node.expression.expression.getText(source))
        ) {
          node.arguments.forEach((argument) => report(argument, 'a settings problem'));
        }
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && SHOWN_ERRORS.has(node.expression.text)) {
        const message = node.arguments?.[SHOWN_ERRORS.get(node.expression.text) ?? 0];
        if (message !== undefined) {
          report(message, `new ${node.expression.text}`);
        }
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        SHOWN_PROPERTIES.has(node.left.name.text)
      ) {
        report(node.right, `.${node.left.name.text}`);
      } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && SHOWN_PROPERTIES.has(node.name.text)) {
        report(node.initializer, `${node.name.text}:`);
      }
      if (
        file.startsWith('media/') &&
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        PLAYER_WORDS.test(node.text) &&
        !isComparedOrLogged(node)
      ) {
        report(node, 'the player');
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** `x === 'Enter'`, `case 'NotAllowedError':`, `console.warn('…')`, `l10n.t('…')`: not shown as written. */
function isComparedOrLogged(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) {
    const kind = parent.operatorToken.kind;
    return kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  }
  if (ts.isCaseClause(parent)) {
    return true;
  }
  // Logged, or a template being translated.
  return ts.isCallExpression(parent) && /^console\.|(?:^|\.)l10n\.t$/.test(parent.expression.getText());
}

/** `window.showWarningMessage` → `showWarningMessage`; `fail` → `fail`. */
function calledName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) {
    return callee.text;
  }
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/**
 * The literal in `expression` that carries words, if any. Looks through what builds a string in place
 * (templates, `+`, `? :`, `??`, `||`, parentheses) but not into calls: a call's result (l10n.t, a
 * message builder, untrustedText) is not a literal here. `$(icon)` syntax and punctuation are not words.
 */
function englishLiteral(expression: ts.Node): ts.Node | undefined {
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return hasWords(expression.text) ? expression : undefined;
  }
  if (ts.isTemplateExpression(expression)) {
    if (hasWords(expression.head.text) || expression.templateSpans.some((span) => hasWords(span.literal.text))) {
      return expression;
    }
    for (const span of expression.templateSpans) {
      const inner = englishLiteral(span.expression);
      if (inner !== undefined) {
        return inner;
      }
    }
    return undefined;
  }
  if (ts.isParenthesizedExpression(expression)) {
    return englishLiteral(expression.expression);
  }
  if (ts.isConditionalExpression(expression)) {
    return englishLiteral(expression.whenTrue) ?? englishLiteral(expression.whenFalse);
  }
  if (ts.isBinaryExpression(expression)) {
    const kind = expression.operatorToken.kind;
    if (kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken) {
      return englishLiteral(expression.left) ?? englishLiteral(expression.right);
    }
  }
  return undefined;
}

/** Two letters in a row, once icons (`$(loading~spin)`) are left out. */
function hasWords(text: string): boolean {
  return /\p{L}{2}/u.test(text.replace(/\$\([^)]*\)/g, ''));
}

/** The extension's and the player's sources, as the test scans them. */
export function projectSources(root: string): SourceText[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(full) : entry.name.endsWith('.ts') ? [full] : [];
    });
  return ['src', 'media'].flatMap((folder) =>
    walk(path.join(root, folder)).map((file) => ({
      file: path.relative(root, file).split(path.sep).join('/'),
      text: fs.readFileSync(file, 'utf8'),
    })),
  );
}
