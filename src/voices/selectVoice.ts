import * as vscode from 'vscode';
import { CONFIG_SECTION, readEngineSettings, readSpeechSettings, saveUserSetting } from '../config';
import type { SystemVoice } from '../engines/system/systemBackend';
import { systemBackendFor } from '../engines/system/systemEngine';
import { listSystemVoices } from '../engines/system/systemVoices';
import type { PlayerView } from '../player/PlayerView';
import type { Reader } from '../reading/Reader';
import type { SpeechSession } from '../session/SpeechSession';
import { previewFailedTitle, voiceListFailedMessage, voiceSavedStatus, workspaceVoiceOverrideMessage } from '../notifications/messages';
import { currentEdgeEndpoint } from '../speech/edgeEndpoint';
import { loadVoiceList, type VoiceListResult, type VoiceStore } from './voiceCache';
import { fetchVoiceList, type VoiceInfo } from './voiceList';
import { buildSystemVoicePickEntries } from './systemVoicePickItems';
import { combinedDisposable } from '../shared/dispose';
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
  readonly systemVoice?: SystemVoice;
}

/** What the picker highlights and keeps: an Edge voice by short name, a system voice as `system:<name>`. */
function itemKey(item: VoiceItem | undefined): string | undefined {
  return item?.voice?.shortName ?? (item?.systemVoice ? `system:${item.systemVoice.name}` : undefined);
}

/**
 * The voice picker: Edge's voices grouped by language, a spoken sample of whichever voice is highlighted,
 * and the chosen one saved as the user's `readAloud.voice`. Resolves with the chosen voice once the picker
 * closes (undefined if dismissed).
 */
export async function selectVoice(context: SelectVoiceContext): Promise<string | undefined> {
  const { reader, player, log } = context;
  const currentVoice = readSpeechSettings().settings.voice;
  const engines = readEngineSettings().settings;
  // With readAloud.engine "system" nothing may leave the machine: not even a request for Edge's voice list.
  const edgeVoices = engines.mode !== 'system';
  const load = (refresh: boolean) =>
    edgeVoices
      ? loadVoiceList({
          store: context.voiceStore,
          voicesUrl: currentEdgeEndpoint().voicesUrl,
          fetchVoices: (url) => fetchVoiceList(url),
          refresh,
        })
      : Promise.resolve<VoiceListResult>({ voices: [], origin: 'cache', fetchedAt: Date.now(), dropped: 0 });
  const firstLoad = timedLoad(load(false), log);
  const backend = systemBackendFor(process.platform);
  const systemVoices = listSystemVoices(backend).catch((error: unknown) => {
    log.warn(`System voices unavailable: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  });
  // Handled in reload() below, once the picker exists; this only keeps an early failure from counting as unhandled.
  firstLoad.catch(() => undefined);
  // Creating the player moves focus, which would close an open picker: get it ready before showing one.
  const playerReady = await player.ensureReady(PLAYER_READY_TIMEOUT_MS);

  const title = vscode.l10n.t('Read Aloud: Select Voice');
  const picker = vscode.window.createQuickPick<VoiceItem>();
  picker.title = title;
  picker.placeholder =
    playerReady && player.isAudioUnlocked
      ? vscode.l10n.t('Filter by name, language, locale, gender or personality; highlight a voice to hear it')
      : vscode.l10n.t(
          'Filter by name, language, locale, gender or personality (click "Enable audio" in the Read Aloud panel to hear samples)',
        );
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.busy = true;
  const refreshButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('refresh'),
    tooltip: vscode.l10n.t('Fetch the voice list again'),
  };
  picker.buttons = [refreshButton];

  let preview: SpeechSession | undefined;
  let previewTimer: NodeJS.Timeout | undefined;
  /** The voice last highlighted (or the one the list opened on): moving to it again plays nothing. */
  let lastHighlighted: string | undefined = engines.mode === 'system' ? `system:${engines.systemVoice ?? ''}` : currentVoice;
  let chosen: VoiceItem | undefined;
  let edgeItems: VoiceItem[] = [];
  let systemItems: VoiceItem[] = [];
  /** Edge's voices and the system's, the group of the engine in use first; what was highlighted stays so. */
  const setItems = () => {
    const active = itemKey(picker.activeItems[0]);
    const items = engines.mode === 'system' ? [...systemItems, ...edgeItems] : [...edgeItems, ...systemItems];
    picker.items = items;
    const keep = items.find((item) => active !== undefined && itemKey(item) === active);
    if (keep) {
      picker.activeItems = [keep];
    }
  };
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
    edgeItems = items;
    setItems();
    if (current && engines.mode !== 'system') {
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

  const done = new Promise<VoiceItem | undefined>((resolve) => {
    const subscriptions = combinedDisposable(
      picker.onDidChangeActive((active) => {
        const systemVoice = active[0]?.systemVoice;
        if (systemVoice && itemKey(active[0]) !== lastHighlighted) {
          lastHighlighted = itemKey(active[0]);
          stopPreview();
          previewTimer = setTimeout(() => {
            preview = reader.preview(previewSample({ locale: systemVoice.language, name: systemVoice.name }), systemVoice.name, 'system');
            const session = preview;
            void session?.outcome.then((outcome) => {
              if (outcome.kind === 'failed' && preview === session) {
                picker.title = previewFailedTitle(title, systemVoice.name, outcome.error.message);
              }
            });
          }, PREVIEW_DEBOUNCE_MS);
          return;
        }
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
        const item = picker.selectedItems[0] ?? picker.activeItems[0];
        if (item?.voice || item?.systemVoice) {
          chosen = item;
          picker.hide();
        }
      }),
      picker.onDidHide(() => {
        closed = true;
        stopPreview();
        subscriptions.dispose();
        picker.dispose();
        resolve(chosen);
      }),
    );
  });

  picker.show();
  void reload(firstLoad);
  void systemVoices.then((voices) => {
    if (closed) {
      return;
    }
    systemItems = buildSystemVoicePickEntries(voices, engines.systemVoice, backend.name).map((entry): VoiceItem =>
      entry.kind === 'separator'
        ? { label: entry.label, kind: vscode.QuickPickItemKind.Separator }
        : { label: entry.label, description: entry.description, detail: entry.detail, systemVoice: entry.voice },
    );
    // As for Edge's list: whatever is active when the group appears was not picked by the user, so no sample.
    const current =
      systemItems.find((item) => item.systemVoice?.name === engines.systemVoice) ?? systemItems.find((item) => item.systemVoice);
    if (engines.mode === 'system' && current) {
      lastHighlighted = itemKey(current);
    }
    setItems();
    if (engines.mode === 'system' && current) {
      picker.activeItems = [current];
    }
  });
  const item = await done;
  if (item?.systemVoice) {
    await saveSystemVoice(item.systemVoice.name, log);
    return item.systemVoice.name;
  }
  const voice = item?.voice?.shortName;
  if (voice) {
    await saveVoice(voice, log);
  }
  return voice;
}

/** A system voice is kept in `readAloud.systemVoice`, for the user (Global). */
async function saveSystemVoice(name: string, log: vscode.LogOutputChannel): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update('systemVoice', name, vscode.ConfigurationTarget.Global);
  log.info(`System voice set to ${name}`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Read Aloud: system voice {0}', name), 3000);
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
