// A speech server that is not the service (or a man in the middle of a proxy) answers the voice list with
// a 300 MiB body, 100,000 voices, codicons and bidi overrides. The audit: all accepted, 24.8 MB into
// globalState, icons and reversed text in the picker. Driven against the local Edge protocol server.
import * as assert from 'node:assert/strict';
import { loadVoiceList, VOICE_CACHE_KEY, type VoiceStore } from '../../src/voices/voiceCache';
import { fetchVoiceList, MAX_VOICE_LIST_BYTES, MAX_VOICES, parseVoiceList, VoiceListError } from '../../src/voices/voiceList';
import { buildVoicePickEntries, CURRENT_VOICE_ICON } from '../../src/voices/voicePickItems';
import { useLocalEdgeServer } from './localEdgeServer';

const MiB = 1024 * 1024;

/** A voice in the service's shape, numbered so that every one is distinct and valid. */
function voiceJson(n: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Name: `Microsoft Server Speech Text to Speech Voice (en-US, V${n}Neural)`,
    ShortName: `en-US-V${n}Neural`,
    Gender: 'Female',
    Locale: 'en-US',
    SuggestedCodec: 'audio-24khz-48kbitrate-mono-mp3',
    FriendlyName: `Microsoft V${n} Online (Natural) - English (United States)`,
    Status: 'GA',
    VoiceTag: { ContentCategories: ['General'], VoicePersonalities: ['Friendly', 'Positive'] },
    ...overrides,
  });
}

/** `count` voices as a JSON array, produced piece by piece (never the whole body in memory). */
function* voiceArray(count: number): Generator<string> {
  yield '[';
  for (let n = 0; n < count; n++) yield `${n > 0 ? ',' : ''}${voiceJson(n)}`;
  yield ']';
}

/** About `bytes` of a syntactically endless voice array, in 64 KiB pieces. */
function* hugeBody(bytes: number): Generator<string> {
  const piece = `${voiceJson(1)},`.repeat(Math.floor((64 * 1024) / (voiceJson(1).length + 1)));
  yield '[';
  for (let sent = 1; sent < bytes; sent += piece.length) yield piece;
  yield `${voiceJson(2)}]`;
}

function memoryStore(): VoiceStore & { readonly values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: (key: string, value: unknown) => {
      values.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}

async function expectTooLarge(list: Promise<unknown>): Promise<void> {
  await assert.rejects(list, (error: unknown) => {
    assert.ok(error instanceof VoiceListError, String(error));
    assert.equal(error.kind, 'malformed');
    assert.match(error.message, /larger than 4 MB/);
    return true;
  });
}

describe('voice list from a hostile server', function () {
  this.timeout(30_000);
  const edge = useLocalEdgeServer({});

  afterEach(() => edge.server.serveVoiceList(undefined));

  it('a 300 MiB body, streamed without a length: refused after 4 MiB, the download stopped', async () => {
    edge.server.serveVoiceList({ chunks: () => hugeBody(300 * MiB) });
    const heapBefore = process.memoryUsage().heapUsed;
    await expectTooLarge(fetchVoiceList(edge.server.voicesUrl));
    const sent = edge.server.voiceListRequests[0]!.bytesSent;
    // What the server got into the socket before the client hung up: the limit plus socket buffers.
    assert.ok(sent > MAX_VOICE_LIST_BYTES && sent < 64 * MiB, `${(sent / MiB).toFixed(1)} MiB sent`);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * MiB, 'the body was not buffered');
  });

  it('a 300 MiB body announced by Content-Length: refused before reading it', async () => {
    edge.server.serveVoiceList({ chunks: () => hugeBody(300 * MiB), contentLength: 300 * MiB + 64 * 1024 });
    await expectTooLarge(fetchVoiceList(edge.server.voicesUrl));
    assert.ok(edge.server.voiceListRequests[0]!.bytesSent < 64 * MiB);
  });

  it('100,000 voices: refused whole (the list is far larger than any the service sends)', async () => {
    edge.server.serveVoiceList({ chunks: () => voiceArray(100_000) });
    await expectTooLarge(fetchVoiceList(edge.server.voicesUrl));
  });

  it(`more voices than ${MAX_VOICES} in a small body: the first ${MAX_VOICES} kept, and only they are cached`, async () => {
    const compact = function* (): Generator<string> {
      yield '[';
      for (let n = 0; n < 3000; n++) yield `${n > 0 ? ',' : ''}{"ShortName":"en-US-V${n}Neural","Locale":"en-US"}`;
      yield ']';
    };
    edge.server.serveVoiceList({ chunks: compact });
    const store = memoryStore();
    const result = await loadVoiceList({ store, voicesUrl: edge.server.voicesUrl, fetchVoices: (url) => fetchVoiceList(url) });
    assert.equal(result.voices.length, MAX_VOICES);
    assert.equal(result.dropped, 3000 - MAX_VOICES);
    assert.equal((store.values.get(VOICE_CACHE_KEY) as { voices: unknown[] }).voices.length, MAX_VOICES);
  });

  it('100,000 voices already in globalState (an older version cached them): only the first 2000 are read', () => {
    const cached = Array.from({ length: 100_000 }, (_, n) => JSON.parse(voiceJson(n)) as unknown);
    const { voices, dropped } = parseVoiceList(cached);
    assert.equal(voices.length, MAX_VOICES);
    assert.equal(dropped, 100_000 - MAX_VOICES);
  });

  it('codicons and bidi overrides in every string: none reaches the picker', async () => {
    const ICON = '$(warning) $(sync~spin)';
    const RLO = '\u202Eredro\u202C\u2067x\u2069\u200F';
    const hostile = (n: number) =>
      voiceJson(n, {
        FriendlyName: `Microsoft ${ICON}V${n}${RLO} Online (Natural) - English ${ICON} ${RLO}(United States)`,
        Gender: `${ICON}Female${RLO}`,
        Status: `${RLO}Preview ${ICON}`,
        VoiceTag: {
          ContentCategories: [`${ICON}News`],
          VoicePersonalities: [`${RLO}Warm`, ICON, '[Open](command:workbench.action.reloadWindow)'],
        },
      });
    edge.server.serveVoiceList({ chunks: () => ['[', hostile(1), ',', hostile(2), ']'] });
    const { voices } = await fetchVoiceList(edge.server.voicesUrl);
    assert.equal(voices.length, 2);
    const entries = buildVoicePickEntries(voices, 'en-US-V1Neural');
    const shown: string[] = [];
    for (const entry of entries) {
      if (entry.kind === 'separator') shown.push(entry.label);
      else shown.push(entry.current ? entry.label.slice(CURRENT_VOICE_ICON.length + 1) : entry.label, entry.description, entry.detail);
    }
    assert.equal(shown.length, 1 + 2 * 3);
    for (const text of shown) {
      assert.doesNotMatch(text, /\$\(/, `codicon in ${JSON.stringify(text)}`);
      assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/, `bidi control in ${JSON.stringify(text)}`);
      assert.doesNotMatch(text, /\]\(/, `link in ${JSON.stringify(text)}`);
    }
    const current = entries.find((entry) => entry.kind === 'voice' && entry.current);
    assert.ok(current?.kind === 'voice' && current.label.startsWith(`${CURRENT_VOICE_ICON} `), 'our own marker is still an icon');
    assert.match(shown.join('\n'), /Preview/, 'the words themselves are kept');
  });
});
