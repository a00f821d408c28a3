import * as vscode from 'vscode';

/**
 * The document ranges a "Read Selection" reads: every selection in document order (overlaps merged),
 * and for an empty selection, its whole line.
 */
export function selectionsToRead(document: vscode.TextDocument, selections: readonly vscode.Selection[]): vscode.Range[] {
  const ranges = selections
    .map((selection) =>
      selection.isEmpty ? document.lineAt(selection.active.line).range : new vscode.Range(selection.start, selection.end),
    )
    .sort((a, b) => a.start.compareTo(b.start));
  const merged: vscode.Range[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start.isBeforeOrEqual(last.end)) {
      merged[merged.length - 1] = last.union(range);
    } else {
      merged.push(range);
    }
  }
  return merged;
}
