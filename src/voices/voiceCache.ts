// The voice list, cached between sessions (in VS Code's globalState, through the `VoiceStore` interface
// so this stays testable in plain Node). The list changes a few times a year, fetching it takes a round
// trip, and the picker should open at once and still work offline.

import * as l10n from '../shared/l10n';
import { parseVoiceList, toEdgeVoiceEntry, VoiceListError, type EdgeVoiceEntry, type ParsedVoiceList, type VoiceInfo } from './voiceList';

/** What `vscode.Memento` offers; globalState implements it. */
export interface VoiceStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export const VOICE_CACHE_KEY = 'readAloud.voiceList';
/** Older lists are refreshed (kept only as a fallback). */
export const VOICE_CACHE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

interface CachedVoiceList {
  /** The voices URL the list came from (without Sec-MS-GEC): a list from a test server is not the real one. */
  readonly source: string;
  readonly fetchedAt: number;
  readonly voices: readonly EdgeVoiceEntry[];
}

export interface VoiceListResult {
  readonly voices: readonly VoiceInfo[];
  readonly fetchedAt: number;
  /** `network`: fetched just now; `cache`: cached and fresh; `staleCache`: the refresh failed, so the cache is used. */
  readonly origin: 'network' | 'cache' | 'staleCache';
  /** Set when origin is `staleCache`: why the refresh failed, worded for the user. */
  readonly warning?: string;
  /** Malformed entries left out of a fresh list. */
  readonly dropped: number;
}

export interface LoadVoiceListOptions {
  readonly store: VoiceStore;
  readonly voicesUrl: string;
  readonly fetchVoices: (voicesUrl: string) => Promise<ParsedVoiceList>;
  readonly nowMs?: number;
  /** Fetch even if the cache is fresh (the picker's refresh button). */
  readonly refresh?: boolean;
}

/**
 * A fresh cache is used as is; otherwise the list is fetched and cached. If fetching fails, an older
 * cached list is used with a warning saying so; with nothing cached the fetch error is thrown.
 */
export async function loadVoiceList(options: LoadVoiceListOptions): Promise<VoiceListResult> {
  const now = options.nowMs ?? Date.now();
  const cached = readCache(options.store, options.voicesUrl);
  if (cached && !options.refresh && now - cached.fetchedAt < VOICE_CACHE_MAX_AGE_MS && cached.fetchedAt <= now) {
    return { voices: cached.voices, fetchedAt: cached.fetchedAt, origin: 'cache', dropped: 0 };
  }
  let fetched: ParsedVoiceList;
  try {
    fetched = await options.fetchVoices(options.voicesUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (cached) {
      return {
        voices: cached.voices,
        fetchedAt: cached.fetchedAt,
        origin: 'staleCache',
        warning: l10n.t(
          "Couldn't refresh the voice list, showing the one from {0}. {1}",
          new Date(cached.fetchedAt).toLocaleDateString(),
          reason,
        ),
        dropped: 0,
      };
    }
    throw error instanceof VoiceListError ? error : new VoiceListError('network', reason, { cause: error });
  }
  const entry: CachedVoiceList = { source: options.voicesUrl, fetchedAt: now, voices: fetched.voices.map(toEdgeVoiceEntry) };
  await options.store.update(VOICE_CACHE_KEY, entry);
  return { voices: fetched.voices, fetchedAt: now, origin: 'network', dropped: fetched.dropped };
}

/** The cached list if it is from `voicesUrl` and still valid; globalState may hold anything an older version wrote. */
function readCache(store: VoiceStore, voicesUrl: string): { voices: readonly VoiceInfo[]; fetchedAt: number } | undefined {
  const cached = store.get<Partial<CachedVoiceList>>(VOICE_CACHE_KEY);
  if (!cached || cached.source !== voicesUrl || typeof cached.fetchedAt !== 'number' || !Number.isFinite(cached.fetchedAt)) {
    return undefined;
  }
  try {
    return { voices: parseVoiceList(cached.voices).voices, fetchedAt: cached.fetchedAt };
  } catch {
    return undefined;
  }
}
