import * as vscode from 'vscode';
import type { ReadAloudApi } from './api';
import { registerCommands } from './commands';
import { PLAYER_VIEW_ID, PlayerView } from './player/PlayerView';
import { createPlanBuilder } from './reading/planHost';
import { Reader } from './reading/Reader';
import { ResumeTracker } from './reading/resumeTracker';
import { createReadAloudApi } from './sources/readAloudApi';
import { registerSpeakTool } from './sources/speakTool';
import { useTranslator } from './shared/l10n';
import { currentEdgeEndpoint, setEdgeEndpoint } from './speech/edgeEndpoint';
import { voiceFallbackResolver } from './voices/voiceFallback';

/** What `activate` adds to the public API in test mode, so in-host tests can watch readings. */
export interface ReadAloudTestApi extends ReadAloudApi {
  readonly reader: Reader;
  readonly player: PlayerView;
  readonly resume: ResumeTracker;
}

export function activate(context: vscode.ExtensionContext): ReadAloudApi | ReadAloudTestApi {
  // First: the pure modules' messages (shared/l10n) are translated by VS Code from here on.
  useTranslator(vscode.l10n.t);
  const log = vscode.window.createOutputChannel('Read Aloud', { log: true });
  const player = new PlayerView(context.extensionUri, log);
  // One plan builder for readings and Save as MP3: the same text, voice and settings warnings (once per change).
  const planner = createPlanBuilder(
    log,
    voiceFallbackResolver({ store: context.globalState, voicesUrl: () => currentEdgeEndpoint().voicesUrl }),
  );
  const reader = new Reader(player, log, planner);
  const resume = new ResumeTracker(reader, context.workspaceState);
  stopReadingOnDeactivate = () => reader.stop();
  const { api, disposable: apiStates } = createReadAloudApi(reader);
  context.subscriptions.push(
    log,
    player,
    resume,
    reader,
    // Keep the webview alive while hidden: otherwise hiding the panel would destroy it and cut the audio.
    vscode.window.registerWebviewViewProvider(PLAYER_VIEW_ID, player, { webviewOptions: { retainContextWhenHidden: true } }),
    ...registerCommands({ reader, player, planner, resume, voiceStore: context.globalState, log }),
    apiStates,
  );
  // Editors built on VS Code without the language model API still get everything else.
  if (typeof vscode.lm?.registerTool === 'function') {
    context.subscriptions.push(registerSpeakTool(reader));
  }

  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return api;
  }
  // Only a test run may point the speech client at a local server: this command does not exist otherwise,
  // and no setting can do it, so no workspace can redirect the user's text.
  context.subscriptions.push(
    vscode.commands.registerCommand('readAloud.test.setEdgeEndpoint', (speechUrl: string, voicesUrl: string) => {
      setEdgeEndpoint({ speechUrl, voicesUrl });
    }),
  );
  return Object.assign(api, { reader, player, resume });
}

/** Set by `activate`. */
let stopReadingOnDeactivate: (() => void) | undefined;

export function deactivate(): void {
  // Stop first, while the resume tracker still listens: a reading cut by a reload or window close is
  // remembered for Continue Reading. Everything else is disposed through context.subscriptions.
  stopReadingOnDeactivate?.();
  stopReadingOnDeactivate = undefined;
}
