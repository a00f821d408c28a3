// The problems (diagnostics) at the cursor, said the way a person would: "Error from eslint,
// no-unused-vars: 'x' is never used." Pure: no vscode import; the shapes mirror vscode.Diagnostic. Said in
// the display language, like the diagnostics' own messages (l10n.t is wired to vscode.l10n.t at activation).

import * as l10n from '../shared/l10n';

export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface ProblemLike {
  readonly range: { readonly start: TextPosition; readonly end: TextPosition };
  readonly message: string;
  /** vscode.DiagnosticSeverity: Error 0, Warning 1, Information 2, Hint 3. */
  readonly severity: number;
  readonly source?: string;
  readonly code?: string | number | { readonly value: string | number };
}

/** The sentence's head: the severity (vscode.DiagnosticSeverity), then the source and the code if any. */
function problemHead(severity: number, source: string, code: string): string {
  // Whole phrases per case, so a translation can order severity, source and code as its language needs.
  const withSource = source !== '';
  const withCode = code !== '';
  switch (severity) {
    case 0:
      return withSource
        ? withCode
          ? l10n.t('Error from {0}, {1}', source, code)
          : l10n.t('Error from {0}', source)
        : withCode
          ? l10n.t('Error, {0}', code)
          : l10n.t('Error');
    case 1:
      return withSource
        ? withCode
          ? l10n.t('Warning from {0}, {1}', source, code)
          : l10n.t('Warning from {0}', source)
        : withCode
          ? l10n.t('Warning, {0}', code)
          : l10n.t('Warning');
    case 2:
      return withSource
        ? withCode
          ? l10n.t('Information from {0}, {1}', source, code)
          : l10n.t('Information from {0}', source)
        : withCode
          ? l10n.t('Information, {0}', code)
          : l10n.t('Information');
    case 3:
      return withSource
        ? withCode
          ? l10n.t('Hint from {0}, {1}', source, code)
          : l10n.t('Hint from {0}', source)
        : withCode
          ? l10n.t('Hint, {0}', code)
          : l10n.t('Hint');
    default:
      return withSource
        ? withCode
          ? l10n.t('Problem from {0}, {1}', source, code)
          : l10n.t('Problem from {0}', source)
        : withCode
          ? l10n.t('Problem, {0}', code)
          : l10n.t('Problem');
  }
}

/**
 * The problems to read at `cursor`: those whose range contains it, most severe first; if none does,
 * the nearest one on the cursor's line; otherwise none.
 */
export function problemsAt<T extends ProblemLike>(problems: readonly T[], cursor: TextPosition): T[] {
  const containing = problems.filter((problem) => contains(problem.range, cursor));
  if (containing.length > 0) {
    return [...containing].sort((a, b) => a.severity - b.severity);
  }
  const onLine = problems.filter((problem) => problem.range.start.line <= cursor.line && cursor.line <= problem.range.end.line);
  if (onLine.length === 0) {
    return [];
  }
  const distance = (problem: T) => Math.min(gap(problem.range.start, cursor), gap(problem.range.end, cursor));
  const nearest = onLine.reduce((best, problem) =>
    distance(problem) < distance(best) || (distance(problem) === distance(best) && problem.severity < best.severity) ? problem : best,
  );
  return [nearest];
}

/** One problem as a sentence: severity, source and code, then the message. */
export function problemSentence(problem: ProblemLike): string {
  const head = problemHead(problem.severity, problem.source?.trim() ?? '', codeText(problem.code));
  const message = problem.message.trim().replace(/\s*\n\s*/g, ' ');
  // A final stop keeps the next problem a sentence of its own.
  return l10n.t('{0}: {1}', head, `${message}${/[.!?…:;]$/.test(message) ? '' : '.'}`);
}

/** What to say for the problems at the cursor; one sentence (line) each. */
export function problemsSpeech(problems: readonly ProblemLike[]): string {
  return problems.map(problemSentence).join('\n');
}

function codeText(code: ProblemLike['code']): string {
  const value = typeof code === 'object' && code !== null ? code.value : code;
  return value === undefined || value === null ? '' : String(value).trim();
}

function contains(range: ProblemLike['range'], at: TextPosition): boolean {
  return compare(range.start, at) <= 0 && compare(at, range.end) <= 0;
}

function compare(a: TextPosition, b: TextPosition): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Characters between two positions on the cursor's line (another line counts as far). */
function gap(position: TextPosition, cursor: TextPosition): number {
  return position.line === cursor.line ? Math.abs(position.character - cursor.character) : Number.MAX_SAFE_INTEGER;
}
