import * as assert from 'node:assert/strict';
import { loadVoiceList, VOICE_CACHE_KEY, VOICE_CACHE_MAX_AGE_MS, type VoiceStore } from '../../src/voices/voiceCache';
import { fetchVoiceList, parseVoiceList, VoiceListError, type ParsedVoiceList } from '../../src/voices/voiceList';
import { FAKE_EDGE_VOICES, startFakeEdgeServer } from '../fake-edge/server';

/** globalState, in memory. */
class MemoryStore implements VoiceStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)) as unknown); // globalState stores JSON
    return Promise.resolve();
  }
}

const URL_A = 'https://voices.invalid/list?trustedclienttoken=T';
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);
const listA = parseVoiceList(FAKE_EDGE_VOICES.slice(0, 3));
const listB = parseVoiceList(FAKE_EDGE_VOICES.slice(3, 5));

function fetcher(result: ParsedVoiceList | Error): { calls: string[]; fetchVoices: (url: string) => Promise<ParsedVoiceList> } {
  const calls: string[] = [];
  return {
    calls,
    fetchVoices: (url) => {
      calls.push(url);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
}

const names = (voices: readonly { shortName: string }[]) => voices.map((v) => v.shortName);

describe('voice list cache', () => {
  it('fetches when nothing is cached, and caches the list with its time and source', async () => {
    const store = new MemoryStore();
    const { calls, fetchVoices } = fetcher(listA);
    const result = await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices, nowMs: T0 });
    assert.deepEqual(calls, [URL_A]);
    assert.equal(result.origin, 'network');
    assert.equal(result.fetchedAt, T0);
    assert.deepEqual(names(result.voices), names(listA.voices));
    const cached = store.get<{ source: string; fetchedAt: number; voices: unknown[] }>(VOICE_CACHE_KEY);
    assert.equal(cached?.source, URL_A);
    assert.equal(cached?.fetchedAt, T0);
    // What was cached reads back as the same voices.
    assert.deepEqual(parseVoiceList(cached?.voices).voices, listA.voices);
  });

  it('uses a cache younger than 7 days without asking the service', async () => {
    const store = new MemoryStore();
    await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices: fetcher(listA).fetchVoices, nowMs: T0 });
    const { calls, fetchVoices } = fetcher(listB);
    const result = await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices, nowMs: T0 + 6 * DAY });
    assert.deepEqual(calls, []);
    assert.equal(result.origin, 'cache');
    assert.deepEqual(names(result.voices), names(listA.voices));
  });

  it('refreshes a cache older than 7 days, and when asked to', async () => {
    const store = new MemoryStore();
    await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices: fetcher(listA).fetchVoices, nowMs: T0 });
    const old = await loadVoiceList({
      store,
      voicesUrl: URL_A,
      fetchVoices: fetcher(listB).fetchVoices,
      nowMs: T0 + VOICE_CACHE_MAX_AGE_MS,
    });
    assert.equal(old.origin, 'network');
    assert.deepEqual(names(old.voices), names(listB.voices));
    const forced = await loadVoiceList({
      store,
      voicesUrl: URL_A,
      fetchVoices: fetcher(listA).fetchVoices,
      nowMs: T0 + VOICE_CACHE_MAX_AGE_MS + 1,
      refresh: true,
    });
    assert.equal(forced.origin, 'network');
    assert.deepEqual(names(forced.voices), names(listA.voices));
  });

  it('offline with an old cache: uses it and says so', async () => {
    const store = new MemoryStore();
    await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices: fetcher(listA).fetchVoices, nowMs: T0 });
    const failure = new VoiceListError('network', "Can't reach the service (ENOTFOUND).");
    const result = await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices: fetcher(failure).fetchVoices, nowMs: T0 + 30 * DAY });
    assert.equal(result.origin, 'staleCache');
    assert.equal(result.fetchedAt, T0);
    assert.deepEqual(names(result.voices), names(listA.voices));
    assert.match(result.warning ?? '', /Couldn't refresh the voice list, showing the one from .*ENOTFOUND/);
  });

  it('offline with no cache: the fetch error, as is', async () => {
    const failure = new VoiceListError('timeout', 'no answer');
    await assert.rejects(
      loadVoiceList({ store: new MemoryStore(), voicesUrl: URL_A, fetchVoices: fetcher(failure).fetchVoices, nowMs: T0 }),
      failure,
    );
  });

  it('ignores a cache from another endpoint, a corrupted one, and one from the future', async () => {
    for (const cached of [
      { source: 'http://127.0.0.1:9/list', fetchedAt: T0, voices: FAKE_EDGE_VOICES },
      { source: URL_A, fetchedAt: T0, voices: 'garbage' },
      { source: URL_A, fetchedAt: 'yesterday', voices: FAKE_EDGE_VOICES },
      { source: URL_A, fetchedAt: T0 + DAY, voices: FAKE_EDGE_VOICES },
      'not even an object',
    ]) {
      const store = new MemoryStore();
      store.values.set(VOICE_CACHE_KEY, cached);
      const { calls, fetchVoices } = fetcher(listB);
      const result = await loadVoiceList({ store, voicesUrl: URL_A, fetchVoices, nowMs: T0 });
      assert.equal(calls.length, 1, JSON.stringify(cached).slice(0, 60));
      assert.equal(result.origin, 'network');
      assert.deepEqual(names(result.voices), names(listB.voices));
    }
  });

  it('with the local Edge server: fetched once, then cached; after the server is gone, the cache with a warning', async function () {
    this.timeout(20_000);
    const server = await startFakeEdgeServer();
    const store = new MemoryStore();
    const voicesUrl = server.voicesUrl;
    const fetchVoices = (url: string) => fetchVoiceList(url, { timeoutMs: 2000 });
    try {
      const first = await loadVoiceList({ store, voicesUrl, fetchVoices, nowMs: T0 });
      assert.equal(first.origin, 'network');
      assert.equal(first.voices.length, FAKE_EDGE_VOICES.length);
      const second = await loadVoiceList({ store, voicesUrl, fetchVoices, nowMs: T0 + DAY });
      assert.equal(second.origin, 'cache');
      assert.equal(server.voiceListRequests.length, 1);
    } finally {
      await server.close();
    }
    const offline = await loadVoiceList({ store, voicesUrl, fetchVoices, nowMs: T0 + 8 * DAY });
    assert.equal(offline.origin, 'staleCache');
    assert.equal(offline.voices.length, FAKE_EDGE_VOICES.length);
    assert.match(offline.warning ?? '', /ECONNREFUSED/);
  });
});
