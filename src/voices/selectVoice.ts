import * as vscode from 'vscode';
import { CONFIG_SECTION, readSpeechSettings, saveUserSetting } from '../config';
import type { PlayerView } from '../player/PlayerView';
import type { Reader } from '../reading/Reader';
import type { SpeechSession } from '../session/SpeechSession';
import { previewFailedTitle, voiceListFailedMessage, voiceSavedStatus, workspaceVoiceOverrideMessage } from '../notifications/messages';
import { currentEdgeEndpoint } from '../speech/edgeEndpoint';
import { loadVoiceList, type VoiceListResult, type VoiceStore } from './voiceCache';
import { fetchVoiceList, type VoiceInfo } from './voiceList';
import { buildVoicePickEntries, previewSample } from './voicePickItems';

/** Long enough that arrowing through the list does not start a request per voice passed. */
const PREVIEW_DEBOUNCE_MS = 300;
const PLAYER_READY_TIMEOUT_MS = 10_000;

export interface SelectVoiceContext {
  readonly reader: Reader;
  readonly player: PlayerView;
  readonly voiceStore: VoiceStore;
  readonly log: vscode.LogOutputChannel;
}

interface VoiceItem extends vscode.QuickPickItem {
  readonly voice?: VoiceInfo;
}

/**
 * The voice picker: Edge's voices grouped by language, a spoken sample of whichever voice is highlighted,
 * and the chosen one saved as the user's `readAloud.voice`. Resolves with the chosen voice once the picker
 * closes (undefined if dismissed).
 */
export async function selectVoice(context: SelectVoiceContext): Promise<string | undefined> {
  const { reader, player, log } = context;
  const currentVoice = readSpeechSettings().settings.voice;
  const load = (refresh: boolean) =>
    loadVoiceList({ store: context.voiceStore, voicesUrl: currentEdgeEndpoint().voicesUrl, fetchVoices: (url) => fetchVoiceList(url), refresh });
  const firstLoad = timedLoad(load(false), log);
  // Handled in reload() below, once the picker exists; this only keeps an early failure from counting as unhandled.
  firstLoad.catch(() => undefined);
  // Creating the player moves focus, which would close an open picker: get it ready before showing one.
  const playerReady = await player.ensureReady(PLAYER_READY_TIMEOUT_MS);

  const title = vscode.l10n.t('Read Aloud: Select Voice');
  const picker = vscode.window.createQuickPick<VoiceItem>();
  picker.title = title;
  picker.placeholder = playerReady && player.isAudioUnlocked
    ? vscode.l10n.t('Filter by name, language, locale, gender or personality; highlight a voice to hear it')
    : vscode.l10n.t('Filter by name, language, locale, gender or personality (click "Enable audio" in the Read Aloud panel to hear samples)');
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.busy = true;
  const refreshButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('refresh'), tooltip: vscode.l10n.t('Fetch the voice list again') };
  picker.buttons = [refreshButton];

  let preview: SpeechSession | undefined;
  let previewTimer: NodeJS.Timeout | undefined;
  /** The voice last highlighted (or the one the list opened on): moving to it again plays nothing. */
  let lastHighlighted = currentVoice;
  let chosen: string | undefined;
  let closed = false;

  const stopPreview = () => {
    clearTimeout(previewTimer);
    preview?.stop();
    preview = undefined;
  };
  const showList = (result: VoiceListResult) => {
    const items = buildVoicePickEntries(result.voices, currentVoice).map((entry): VoiceItem =>
      entry.kind === 'separator'
        ? { label: entry.label, kind: vscode.QuickPickItemKind.Separator }
        : { label: entry.label, description: entry.description, detail: entry.detail, voice: entry.voice },
    );
    const current = items.find((item) => item.voice?.shortName === currentVoice);
    // Whatever is active when the list appears was not picked by the user: no sample for it.
    lastHighlighted = (current ?? items.find((item) => item.voice))?.voice?.shortName ?? lastHighlighted;
    picker.items = items;
    if (current) {
      picker.activeItems = [current];
    }
    picker.title = result.warning
      ? vscode.l10n.t('{0} — offline, list from {1}', title, new Date(result.fetchedAt).toLocaleDateString())
      : title;
    picker.busy = false;
  };
  const reload = async (list: Promise<VoiceListResult>) => {
    picker.busy = true;
    try {
      const result = await list;
      if (!closed) {
        showList(result);
      }
    } catch (error) {
      if (closed) {
        return;
      }
      picker.hide();
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(voiceListFailedMessage(message), vscode.l10n.t('Retry')).then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('readAloud.selectVoice');
        }
      });
    }
  };

  const done = new Promise<string | undefined>((resolve) => {
    const subscriptions: vscode.Disposable[] = [
      picker.onDidChangeActive((active) => {
        const voice = active[0]?.voice;
        if (!voice || voice.shortName === lastHighlighted) {
          return;
        }
        lastHighlighted = voice.shortName;
        stopPreview();
        previewTimer = setTimeout(() => {
          preview = reader.preview(previewSample(voice), voice.shortName);
          const session = preview;
          void session?.outcome.then((outcome) => {
            if (outcome.kind === 'failed' && preview === session) {
              picker.title = previewFailedTitle(title, voice.name, outcome.error.message);
            }
          });
        }, PREVIEW_DEBOUNCE_MS);
      }),
      reader.onStateChange((readingId, state) => {
        if (state === 'needsUserGesture' && preview?.readingId === readingId) {
          picker.title = vscode.l10n.t('{0} — click "Enable audio" in the Read Aloud panel to hear samples', title);
        }
      }),
      picker.onDidTriggerButton((button) => {
        if (button === refreshButton) {
          void reload(timedLoad(load(true), log));
        }
      }),
      picker.onDidAccept(() => {
        const voice = picker.selectedItems[0]?.voice ?? picker.activeItems[0]?.voice;
        if (voice) {
          chosen = voice.shortName;
          picker.hide();
        }
      }),
      picker.onDidHide(() => {
        closed = true;
        stopPreview();
        subscriptions.forEach((subscription) => subscription.dispose());
        picker.dispose();
        resolve(chosen);
      }),
    ];
  });

  picker.show();
  void reload(firstLoad);
  const voice = await done;
  if (voice) {
    await saveVoice(voice, log);
  }
  return voice;
}

async function timedLoad(list: Promise<VoiceListResult>, log: vscode.LogOutputChannel): Promise<VoiceListResult> {
  const started = performance.now();
  try {
    const result = await list;
    const ms = Math.round(performance.now() - started);
    log.info(
      `Voice list: ${result.voices.length} voices from ${result.origin === 'network' ? 'the service' : 'the cache'} in ${ms} ms` +
        (result.dropped > 0 ? `, ${result.dropped} malformed entries left out` : ''),
    );
    if (result.warning) {
      log.warn(`Voice list: ${result.warning}`);
    }
    return result;
  } catch (error) {
    log.error(`Voice list unavailable: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** Saved for the user (Global), and a warning if a workspace setting would override it. */
async function saveVoice(voice: string, log: vscode.LogOutputChannel): Promise<void> {
  if (!(await saveUserSetting('voice', voice))) {
    log.warn(`Voice ${voice} chosen, but saving it in the user settings failed`);
    return;
  }
  log.info(`Voice set to ${voice}`);
  const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<string>('voice');
  const override = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  if (override !== undefined && override !== voice) {
    // The override comes from the workspace's settings file: named only if it is a voice name.
    void vscode.window.showWarningMessage(workspaceVoiceOverrideMessage(voice, override));
  } else {
    vscode.window.setStatusBarMessage(voiceSavedStatus(voice), 3000);
  }
}
