import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { currentEdgeEndpoint, resetEdgeEndpoint, setEdgeEndpoint } from '../../src/speech/edgeEndpoint';
import { EDGE_USER_AGENT, SEC_MS_GEC_VERSION, secMsGec, TRUSTED_CLIENT_TOKEN, withSecMsGec } from '../../src/speech/edgeClient';
import { fetchVoiceList, parseVoiceList, VoiceListError, type VoiceListErrorKind } from '../../src/voices/voiceList';
import { isAcceptedSecMsGec } from '../fake-edge/secMsGec';
import {
  FAKE_EDGE_VOICES,
  secMsGecAt,
  startFakeEdgeServer,
  TRUSTED_CLIENT_TOKEN as FAKE_TOKEN,
  type FakeEdgeServer,
} from '../fake-edge/server';
import { watchProcessErrors } from './processErrors';

const entry = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  Name: 'Microsoft Server Speech Text to Speech Voice (en-US, AvaNeural)',
  ShortName: 'en-US-AvaNeural',
  Gender: 'Female',
  Locale: 'en-US',
  SuggestedCodec: 'audio-24khz-48kbitrate-mono-mp3',
  FriendlyName: 'Microsoft Ava Online (Natural) - English (United States)',
  Status: 'GA',
  VoiceTag: { ContentCategories: ['Conversation'], VoicePersonalities: ['Expressive', 'Caring'] },
  ...overrides,
});

async function expectVoiceListError(promise: Promise<unknown>, kind: VoiceListErrorKind): Promise<VoiceListError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VoiceListError, `expected a VoiceListError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

/** A one-off HTTP server for answers the fake Edge server never gives (garbage, silence). */
async function withHttpServer(handler: http.RequestListener, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}/voices/list?trustedclienttoken=${TRUSTED_CLIENT_TOKEN}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('voice list: Sec-MS-GEC', () => {
  it('matches the fake server’s independent implementation, across 5-minute windows', () => {
    assert.equal(TRUSTED_CLIENT_TOKEN, FAKE_TOKEN);
    for (const at of [0, 1_700_000_000_000, 1_700_000_299_999, 1_700_000_300_000, Date.now()]) {
      assert.equal(secMsGec(at), secMsGecAt(at), `at ${at}`);
    }
    assert.match(secMsGec(Date.now()), /^[0-9A-F]{64}$/);
  });

  it('matches the double-precision algorithm msedge-tts uses (docs/protocol.md §1)', async () => {
    const now = 1_767_225_600_123;
    let s = Math.floor(now / 1000) + 11644473600;
    s -= s % 300;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${s * 1e7}${TRUSTED_CLIENT_TOKEN}`));
    const hex = Buffer.from(digest).toString('hex').toUpperCase();
    assert.equal(secMsGec(now), hex);
  });

  it('is appended to the voices URL with the Edge version', () => {
    const url = withSecMsGec('https://x.invalid/list?trustedclienttoken=T', 0);
    assert.equal(url, `https://x.invalid/list?trustedclienttoken=T&Sec-MS-GEC=${secMsGec(0)}&Sec-MS-GEC-Version=${SEC_MS_GEC_VERSION}`);
    assert.equal(SEC_MS_GEC_VERSION, '1-143.0.3650.96');
  });
});

describe('voice list: validation', () => {
  it('reads the fields the picker shows, the name and language from FriendlyName', () => {
    const { voices, dropped } = parseVoiceList([entry()]);
    assert.equal(dropped, 0);
    assert.deepEqual(voices[0], {
      shortName: 'en-US-AvaNeural',
      locale: 'en-US',
      friendlyName: 'Microsoft Ava Online (Natural) - English (United States)',
      name: 'Ava',
      language: 'English (United States)',
      gender: 'Female',
      status: 'GA',
      personalities: ['Expressive', 'Caring'],
      categories: ['Conversation'],
    });
  });

  it('drops malformed entries and keeps the rest, counting what it dropped', () => {
    const { voices, dropped } = parseVoiceList([
      entry(),
      null,
      'en-US-AriaNeural',
      entry({ ShortName: 'en-US-Ava"Neural' }), // would break out of the SSML attribute
      entry({ ShortName: 'en-US-<b>Neural</b>' }),
      entry({ ShortName: 42 }),
      entry({ ShortName: undefined }),
      entry({ ShortName: 'de-DE-KatjaNeural', Locale: 'en-US' }), // name and locale disagree
      entry({ ShortName: 'de-DE-KatjaNeural', Locale: 'german' }),
      entry(), // duplicate
      entry({ ShortName: 'zh-CN-liaoning-XiaobeiNeural', Locale: 'zh-CN-liaoning', FriendlyName: undefined, VoiceTag: undefined }),
      entry({ ShortName: 'iu-Cans-CA-SiqiniqNeural', Locale: 'iu-Cans-CA', VoiceTag: { VoicePersonalities: 'Warm' } }),
    ]);
    assert.deepEqual(
      voices.map((v) => v.shortName),
      ['en-US-AvaNeural', 'zh-CN-liaoning-XiaobeiNeural', 'iu-Cans-CA-SiqiniqNeural'],
    );
    assert.equal(dropped, 9);
    // Without a FriendlyName, the name comes from the ShortName and the language is the locale.
    assert.equal(voices[1]?.name, 'Xiaobei');
    assert.equal(voices[1]?.language, 'zh-CN-liaoning');
    assert.deepEqual(voices[2]?.personalities, []);
  });

  it('cleans display strings: control characters out, non-strings out, lengths capped', () => {
    const { voices } = parseVoiceList([
      entry({ Gender: 'Fe\u0000male\n', FriendlyName: 'x'.repeat(500), VoiceTag: { VoicePersonalities: ['Warm', 7, '', ' Calm\t'] } }),
    ]);
    const voice = voices[0];
    assert.ok(voice);
    assert.equal(voice.gender, 'Fe male');
    assert.ok(voice.friendlyName.length <= 120);
    assert.deepEqual(voice.personalities, ['Warm', 'Calm']);
  });

  it('splits the "Multilingual" suffix off the name', () => {
    const { voices } = parseVoiceList([
      entry({
        ShortName: 'en-US-AvaMultilingualNeural',
        FriendlyName: 'Microsoft AvaMultilingual Online (Natural) - English (United States)',
      }),
    ]);
    assert.equal(voices[0]?.name, 'Ava Multilingual');
  });

  it('refuses a list that is not an array or has no usable voice', () => {
    for (const json of [{}, 'voices', null, [], [{ ShortName: 'nope' }]]) {
      assert.throws(
        () => parseVoiceList(json),
        (error: unknown) => error instanceof VoiceListError && error.kind === 'malformed',
      );
    }
  });
});

describe('voice list: fetching from the local Edge protocol server', function () {
  this.timeout(20_000);
  let server: FakeEdgeServer;
  const processErrors = watchProcessErrors();

  before(async () => {
    server = await startFakeEdgeServer();
    setEdgeEndpoint({ speechUrl: server.wsUrl, voicesUrl: server.voicesUrl });
  });

  after(async () => {
    resetEdgeEndpoint();
    await server.close();
  });

  beforeEach(() => {
    server.reset();
    processErrors.reset();
  });

  afterEach(() => processErrors.assertNone());

  it('GETs the configured voices URL with Sec-MS-GEC and the Edge User-Agent, and returns every voice', async () => {
    const { voices, dropped } = await fetchVoiceList(currentEdgeEndpoint().voicesUrl);
    assert.deepEqual(
      voices.map((v) => v.shortName),
      FAKE_EDGE_VOICES.map((v) => v.ShortName),
    );
    assert.equal(dropped, 0);
    assert.deepEqual(voices.find((v) => v.shortName === 'en-US-AndrewNeural')?.personalities, ['Warm', 'Confident', 'Authentic', 'Honest']);

    assert.equal(server.voiceListRequests.length, 1);
    const request = server.voiceListRequests[0]!;
    assert.equal(request.status, 200);
    assert.equal(request.headers['user-agent'], EDGE_USER_AGENT);
    const url = new URL(request.url, 'http://127.0.0.1');
    assert.equal(url.searchParams.get('trustedclienttoken'), TRUSTED_CLIENT_TOKEN);
    assert.ok(isAcceptedSecMsGec(url.searchParams.get('Sec-MS-GEC') ?? '', Date.now()), 'a token the service accepts now');
    assert.equal(url.searchParams.get('Sec-MS-GEC-Version'), SEC_MS_GEC_VERSION);
  });

  it('an HTTP error status becomes a clear error', async () => {
    const wrongToken = server.voicesUrl.replace(/trustedclienttoken=[^&]+/, 'trustedclienttoken=WRONG');
    const error = await expectVoiceListError(fetchVoiceList(wrongToken), 'http');
    assert.match(error.message, /HTTP 401/);
    assert.match(error.message, /system clock/);
  });

  it('connection refused: a network error naming the cause', async () => {
    const dead = await startFakeEdgeServer();
    const url = dead.voicesUrl;
    await dead.close();
    const error = await expectVoiceListError(fetchVoiceList(url), 'network');
    assert.match(error.message, /Can't reach .*\(ECONNREFUSED\)/);
  });

  it('a server that never answers: a timeout error, on time', async () => {
    await withHttpServer(
      () => undefined,
      async (url) => {
        const started = performance.now();
        const error = await expectVoiceListError(fetchVoiceList(url, { timeoutMs: 300 }), 'timeout');
        assert.ok(performance.now() - started < 3000);
        assert.match(error.message, /did not send the voice list/);
      },
    );
  });

  it('a body that is not JSON: malformed', async () => {
    await withHttpServer(
      (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('<html>captive portal</html>'),
      async (url) => {
        await expectVoiceListError(fetchVoiceList(url), 'malformed');
      },
    );
  });

  it('the caller can cancel', async () => {
    await withHttpServer(
      () => undefined,
      async (url) => {
        const controller = new AbortController();
        const pending = fetchVoiceList(url, { signal: controller.signal });
        setTimeout(() => controller.abort(), 20);
        await assert.rejects(pending, (error: unknown) => !(error instanceof VoiceListError));
      },
    );
  });
});
