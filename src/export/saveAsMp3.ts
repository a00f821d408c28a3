import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { selectionsToRead } from '../editor/selectionsToRead';
import { exportFailedMessage, exportProgressTitle, exportSavedMessage } from '../notifications/messages';
import type { EditorPlanBuilder } from '../reading/planHost';
import { type SourcePassage } from '../reading/readingPlan';
import { isSpeechError } from '../speech/speechError';
import { exportMp3 } from './exportMp3';

export type ExportScope = 'selection' | 'document';

let nextExportId = 1;

/**
 * "Save Selection/Document as MP3": asks where, then synthesizes into that file with a cancellable
 * progress notification. Independent of any reading in progress (its own requests, its own abort).
 */
export async function saveAsMp3(
  editor: vscode.TextEditor,
  scope: ExportScope,
  planner: EditorPlanBuilder,
  log: vscode.LogOutputChannel,
): Promise<vscode.Uri | undefined> {
  const document = editor.document;
  const passages: SourcePassage[] =
    scope === 'selection'
      ? selectionsToRead(document, editor.selections).map((range) => ({
          text: document.getText(range),
          offset: document.offsetAt(range.start),
        }))
      : [{ text: document.getText(), offset: 0 }];
  // The same text for the ear, voice and settings warnings as a reading: Markdown without syntax, code files by their comments.
  const request = { passages, languageId: document.languageId, mode: scope, scope: document };
  const { plan } = planner.planText(request);
  if (!plan.hasSegment(0)) {
    void vscode.window.showInformationMessage(
      scope === 'selection'
        ? vscode.l10n.t('Read Aloud: nothing to save — the selection is empty or only whitespace.')
        : vscode.l10n.t('Read Aloud: nothing to save — the document is empty or only whitespace.'),
    );
    return undefined;
  }
  const { settings } = planner.planSpeech(request);
  const voice = settings.voice;

  const target = await vscode.window.showSaveDialog({
    defaultUri: defaultTarget(document, scope),
    filters: { [vscode.l10n.t('MP3 audio')]: ['mp3'] },
    saveLabel: vscode.l10n.t('Save MP3'),
    title: scope === 'selection' ? vscode.l10n.t('Save Selection as MP3') : vscode.l10n.t('Save Document as MP3'),
  });
  if (!target) {
    return undefined;
  }
  if (target.scheme !== 'file') {
    // The audio is streamed to disk with Node's fs, which only reaches the file system the extension runs on.
    void vscode.window.showErrorMessage(vscode.l10n.t('Read Aloud: can only save to a local file, not {0}: locations.', target.scheme));
    return undefined;
  }

  const name = path.basename(target.fsPath);
  const exportId = nextExportId++;
  const started = performance.now();

  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: exportProgressTitle(name), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          // The rest of the text is made ready here, under the cancellable progress (not before the save
          // dialog): window by window, a turn of the event loop between windows, so the host is never held long.
          await plan.prepareAll(controller.signal);
          if (controller.signal.aborted) {
            return { kind: 'cancelled' } as const;
          }
          log.info(
            `Export ${exportId}: ${scope}, ${plan.spokenLength} characters in ${plan.segments.length} request(s), voice ${voice}, speed ${settings.speed}`,
          );
          return await exportMp3({
            segments: plan.segments,
            // Speed above what the service does is a player effect; a file gets the service's part only.
            // A voice the service dropped is replaced by its language's default, as in a reading.
            synthesis: planner.synthesisOptions(settings, { voiceFallback: true }),
            onVoiceFallback: (from, to) => planner.voiceFellBack(from, to),
            targetPath: target.fsPath,
            signal: controller.signal,
            onProgress: (done, total) => {
              const percent = Math.floor((done / total) * 100);
              progress.report({ increment: percent - reported, message: vscode.l10n.t('{0}%', percent) });
              reported = percent;
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (outcome.kind === 'cancelled') {
      log.info(`Export ${exportId} cancelled after ${seconds} s`);
      return undefined;
    }
    log.info(
      `Export ${exportId} saved: ${outcome.bytes} bytes in ${seconds} s${outcome.retries > 0 ? `, ${outcome.retries} request(s) resumed` : ''}`,
    );
    void vscode.window.showInformationMessage(exportSavedMessage(name), vscode.l10n.t('Reveal')).then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand('revealFileInOS', target);
      }
    });
    return target;
  } catch (error) {
    const message = isSpeechError(error) ? error.message : error instanceof Error ? error.message : String(error);
    log.error(`Export ${exportId} failed after ${((performance.now() - started) / 1000).toFixed(1)} s: ${message}`);
    void vscode.window.showErrorMessage(exportFailedMessage(name, message));
    return undefined;
  }
}

/**
 * Next to the document and named after it (`notes.md` → `notes.mp3`, `notes-selection.mp3`); for a document
 * not on disk (untitled, virtual), in the first local workspace folder or the home folder.
 */
function defaultTarget(document: vscode.TextDocument, scope: ExportScope): vscode.Uri {
  const base = path.posix.parse(document.uri.path).name || 'reading';
  const fileName = `${base}${scope === 'selection' ? '-selection' : ''}.mp3`;
  const folder =
    document.uri.scheme === 'file'
      ? vscode.Uri.joinPath(document.uri, '..')
      : (vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri ?? vscode.Uri.file(os.homedir()));
  return vscode.Uri.joinPath(folder, fileName);
}
