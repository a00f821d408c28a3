// Proves the fake Edge server is faithful: its building blocks against the protocol notes, then the
// real msedge-tts 2.0.7 driven against it exactly as it would drive the service, then raw-protocol
// details msedge-tts does not look at (length prefix, Date on 403, close codes and reasons).
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import { MsEdgeTTS, OUTPUT_FORMAT } from 'msedge-tts';
import WebSocket from 'ws';
import {
  audioMessage,
  audioTerminatorMessage,
  clientTextMessage,
  parseBinaryMessage,
  parseTextMessage,
  type BinaryProtocolMessage,
  type ProtocolMessage,
} from '../fake-edge/frames';
import { parseMp3Frames } from '../fake-edge/mp3Frames';
import {
  AUDIO_PAYLOAD_SIZES,
  boundariesFor,
  renderText,
  speechFixture24k48,
  splitIntoPayloads,
  TICKS_PER_MS,
} from '../fake-edge/rendition';
import { isAcceptedSecMsGec } from '../fake-edge/secMsGec';
import {
  DEFAULT_FAKE_EDGE_OPTIONS,
  EDGE_ORIGIN,
  FAKE_EDGE_VOICES,
  secMsGecAt,
  startFakeEdgeServer,
  TRUSTED_CLIENT_TOKEN,
  type FakeEdgeConnectionLog,
  type FakeEdgeServer,
} from '../fake-edge/server';
import { parseSsml } from '../fake-edge/ssml';

const MP3 = OUTPUT_FORMAT.AUDIO_24KHZ_48KBITRATE_MONO_MP3;
const EDGE_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0';
const STREAM_CLOSED = /Stream closed before the synthesis completed/;
const FRAME_MS = 24; // 576 samples at 24 kHz
const FRAME_BYTES = 144; // 48 kbit/s × 24 ms

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// msedge-tts keeps its endpoints in private statics; tests point them at the fake (docs/protocol.md §7).
interface MsEdgeTtsStatics {
  WSS_URL: string;
  VOICES_URL: string;
  generateSecMsGec(token: string): Promise<string>;
}
const statics = MsEdgeTTS as unknown as MsEdgeTtsStatics;

interface BoundaryEvent {
  readonly type: string;
  readonly offset: number;
  readonly duration: number;
  readonly text: string;
  readonly length: number;
  readonly boundaryType: string;
  /** Audio bytes the client had received when this event arrived. */
  readonly audioBytesBefore: number;
}

interface Speech {
  readonly requestId: string;
  readonly chunks: Buffer[];
  readonly boundaries: BoundaryEvent[];
  /** Metadata messages that did not hold exactly one entry (the service sends one per message). */
  readonly metadataMessageSizes: number[];
  bytes: number;
  firstChunkAt?: number;
  ended: boolean;
  error?: Error;
  readonly done: Promise<Speech>;
}

function audioOf(speech: Speech): Buffer {
  return Buffer.concat(speech.chunks);
}

describe('fake Edge server', () => {
  let server: FakeEdgeServer;
  let original: { WSS_URL: string; VOICES_URL: string };
  const instances: MsEdgeTTS[] = [];

  /** One instance per request (docs/protocol.md §7), with `{}` as the 3rd argument. */
  async function openTts(
    voice = 'en-US-AvaNeural',
    metadata: { wordBoundaryEnabled?: boolean; sentenceBoundaryEnabled?: boolean } = {},
    format: OUTPUT_FORMAT = MP3,
  ): Promise<MsEdgeTTS> {
    const tts = new MsEdgeTTS();
    instances.push(tts);
    await tts.setMetadata(voice, format, { ...metadata });
    return tts;
  }

  function speak(tts: MsEdgeTTS, text: string): Speech {
    const streams = tts.toStream(text, {});
    const speech: Speech = {
      requestId: (streams as unknown as { requestId: string }).requestId,
      chunks: [],
      boundaries: [],
      metadataMessageSizes: [],
      bytes: 0,
      ended: false,
      done: new Promise<Speech>((resolve) => {
        // Flowing mode: each chunk is one message's JSON (read() in paused mode may join two, §3).
        streams.metadataStream?.on('data', (chunk: Buffer) => {
          const entries = (JSON.parse(chunk.toString('utf8')) as { Metadata: MetadataEntry[] }).Metadata;
          speech.metadataMessageSizes.push(entries.length);
          for (const e of entries) {
            speech.boundaries.push({
              type: e.Type,
              offset: e.Data.Offset,
              duration: e.Data.Duration,
              text: e.Data.text.Text,
              length: e.Data.text.Length,
              boundaryType: e.Data.text.BoundaryType,
              audioBytesBefore: speech.bytes,
            });
          }
        });
        streams.metadataStream?.on('error', () => undefined);
        streams.audioStream.on('data', (chunk: Buffer) => {
          speech.firstChunkAt ??= performance.now();
          speech.chunks.push(chunk);
          speech.bytes += chunk.length;
        });
        streams.audioStream.on('end', () => {
          speech.ended = true;
          resolve(speech);
        });
        streams.audioStream.on('error', (e: Error) => {
          speech.error = e;
          resolve(speech);
        });
      }),
    };
    return speech;
  }

  interface MetadataEntry {
    Type: string;
    Data: { Offset: number; Duration: number; text: { Text: string; Length: number; BoundaryType: string } };
  }

  function onlyConnection(): FakeEdgeConnectionLog {
    assert.equal(server.connections.length, 1, 'expected exactly one connection');
    return server.connections[0] as FakeEdgeConnectionLog;
  }

  function requestLog(requestId: string) {
    const found = server.requests.find((r) => r.requestId === requestId);
    assert.ok(found, `server has no log of request ${requestId}`);
    return found;
  }

  before(async () => {
    server = await startFakeEdgeServer();
    original = { WSS_URL: statics.WSS_URL, VOICES_URL: statics.VOICES_URL };
    statics.WSS_URL = server.wsUrl;
    statics.VOICES_URL = server.voicesUrl;
  });

  after(async () => {
    statics.WSS_URL = original.WSS_URL;
    statics.VOICES_URL = original.VOICES_URL;
    await server.close();
  });

  beforeEach(() => {
    server.setOptions({ ...DEFAULT_FAKE_EDGE_OPTIONS });
    server.reset();
  });

  afterEach(async () => {
    for (const tts of instances.splice(0)) tts.close();
    await server.waitForAllClosed(3000);
  });

  describe('building blocks', () => {
    it('Sec-MS-GEC agrees with msedge-tts and accepts only the current and previous 5-minute window', async () => {
      const before = secMsGecAt(Date.now());
      const theirs = await statics.generateSecMsGec(TRUSTED_CLIENT_TOKEN);
      const after = secMsGecAt(Date.now());
      assert.ok(theirs === before || theirs === after, `msedge-tts computed ${theirs}, we ${before}`);
      assert.match(before, /^[0-9A-F]{64}$/);

      const now = Date.UTC(2026, 0, 15, 12, 2, 30);
      assert.ok(isAcceptedSecMsGec(secMsGecAt(now), now));
      assert.ok(isAcceptedSecMsGec(secMsGecAt(now - 300_000), now), 'previous window');
      assert.equal(secMsGecAt(now), secMsGecAt(Date.UTC(2026, 0, 15, 12, 0, 0)), 'same window, same token');
      assert.notEqual(secMsGecAt(now), secMsGecAt(Date.UTC(2026, 0, 15, 12, 5, 0)), 'next window, new token');
      assert.ok(!isAcceptedSecMsGec(secMsGecAt(now - 600_000), now), 'two windows old');
      assert.ok(!isAcceptedSecMsGec(secMsGecAt(now + 300_000), now), 'next window');
      assert.ok(!isAcceptedSecMsGec(secMsGecAt(now).toLowerCase(), now), 'lower-case hex');
    });

    it('parses the fixture as 24 kHz 48 kbit/s MP3 frames and detects truncation or garbage', () => {
      const { data, frames } = speechFixture24k48();
      const parsed = parseMp3Frames(data);
      assert.equal(parsed.trailingBytes, 0);
      assert.equal(parsed.frames.length, frames.length);
      assert.ok(parsed.frames.every((f) => f.sampleRate === 24000 && f.bitrateKbps === 48 && f.length === FRAME_BYTES));
      assert.ok(Math.abs(parsed.durationMs - 25_500) < 200, `fixture is ${parsed.durationMs} ms`);

      assert.equal(parseMp3Frames(data.subarray(0, FRAME_BYTES * 3 + 50)).trailingBytes, 50);
      const corrupted = Buffer.from(data.subarray(0, FRAME_BYTES * 3));
      corrupted[FRAME_BYTES] = 0x00; // second frame's sync byte
      assert.equal(parseMp3Frames(corrupted).frames.length, 1);
    });

    it('reads SSML as msedge-tts and Python send it, unescaping the text', () => {
      const msedge = `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="https://www.w3.org/2001/mstts" xml:lang="en-US">
                <voice name="en-US-AvaNeural">
                    <prosody pitch="+0Hz" rate="1" volume="100">
                        Tom &amp; Jerry &lt;3 &quot;cheese&quot; &#65;&#x42;
                    </prosody>
                </voice>
            </speak>`;
      const parsed = parseSsml(msedge);
      assert.deepEqual(parsed, {
        ok: true,
        request: { lang: 'en-US', voice: 'en-US-AvaNeural', pitch: '+0Hz', rate: '1', volume: '100', text: 'Tom & Jerry <3 "cheese" AB' },
      });
      const python =
        "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>" +
        "<voice name='Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)'>" +
        "<prosody pitch='+0Hz' rate='+10%' volume='+0%'>It&apos;s fine</prosody></voice></speak>";
      const py = parseSsml(python);
      assert.ok(py.ok);
      assert.equal(py.request.voice, 'Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)');
      assert.equal(py.request.rate, '+10%');
      assert.equal(py.request.text, "It's fine");
    });

    it('rejects SSML the service rejects, in the words of its XML parser', () => {
      const wrap = (text: string): string =>
        `<speak version="1.0" xml:lang="en-US"><voice name="en-US-AvaNeural"><prosody rate="1">${text}</prosody></voice></speak>`;
      const reason = (ssml: string): string => {
        const r = parseSsml(ssml);
        assert.ok(!r.ok, `accepted: ${ssml}`);
        return r.reason;
      };
      const textAt = wrap('').indexOf('</prosody>'); // 0-based column where the text starts
      assert.equal(reason(wrap('Tom & Jerry')), `An error occurred while parsing EntityName. Line 1, position ${textAt + 6}.`);
      assert.equal(
        reason(wrap('if (a < b) x')),
        `Name cannot begin with the ' ' character, hexadecimal value 0x20. Line 1, position ${textAt + 8}.`,
      );
      assert.match(
        reason(`<speak version="1.0" xml:lang="en-US">\n<voice name="x">\n&nbsp;</voice></speak>`),
        /^Reference to undeclared entity 'nbsp'\. Line 3, position 2\.$/,
      );
      assert.match(reason(wrap('tab\u000bbed')), /hexadecimal value 0x0B, is an invalid character\./);
      assert.match(reason(wrap('a</voice>')), /^The 'prosody' start tag on line 1 position \d+ does not match the end tag of 'voice'\./);
      assert.match(reason('<speak version="1.0" xml:lang="en-US"><voice name="a">hi</voice>'), /not closed: speak\./);
      assert.equal(reason(wrap('<mstts:express-as style="cheerful">hi</mstts:express-as>')), 'SSML is invalid');
      assert.equal(reason(wrap('<break time="1s"/>')), 'SSML is invalid');
      assert.equal(reason('<speak version="1.0" xml:lang="en-US">hello</speak>'), 'SSML is invalid');
      assert.equal(
        reason('<speak version="1.0" xml:lang="en-US"><voice name="a">x</voice><voice name="b">y</voice></speak>'),
        'SSML is invalid',
      );
      assert.equal(reason('<speak version="1.0"><voice name="a">x</voice></speak>'), 'SSML is invalid', 'no xml:lang');
    });

    it('frames binary audio as uint16 length + header block ending Path:audio, and ends with a bare terminator', () => {
      const audio = Buffer.from([1, 2, 3, 4, 5]);
      const message = audioMessage('abc', 'S1', 'audio/mpeg', audio);
      const headerLength = message.readUInt16BE(0);
      const header = message.subarray(2, 2 + headerLength).toString('ascii');
      assert.equal(header, 'X-RequestId:abc\r\nContent-Type:audio/mpeg\r\nX-StreamId:S1\r\nPath:audio\r\n');
      assert.deepEqual(message.subarray(2 + headerLength), audio);
      // msedge-tts's way: everything after the first Path:audio\r\n.
      assert.equal(message.indexOf('Path:audio\r\n') + 'Path:audio\r\n'.length, 2 + headerLength);

      const terminator = parseBinaryMessage(audioTerminatorMessage('abc', 'S1'));
      assert.equal(terminator.payload.length, 0);
      assert.equal(terminator.headers['content-type'], undefined);
      assert.equal(terminator.headers['x-requestid'], 'abc');
      assert.equal(terminator.path, 'audio');
    });

    it('spreads boundaries by character position and cuts payloads that never line up with 4096', () => {
      const text = 'Hello there. How are you?';
      const b = boundariesFor(text, 1000, { wordBoundary: true, sentenceBoundary: true });
      assert.deepEqual(
        b.map((x) => `${x.type[0]}:${x.text}@${x.offsetTicks}`),
        ['S:Hello there.@0', 'W:Hello@0', 'W:there@2400000', 'S:How are you?@5200000', 'W:How@5200000', 'W:are@6800000', 'W:you@8400000'],
      );
      assert.deepEqual(boundariesFor(text, 1000, { wordBoundary: false, sentenceBoundary: false }), []);

      const audio = Buffer.alloc(200_000);
      const payloads = splitIntoPayloads(audio, 1000);
      assert.deepEqual(
        payloads.slice(0, 4).map((p) => p.data.length),
        AUDIO_PAYLOAD_SIZES,
      );
      let end = 0;
      for (const p of payloads.slice(0, -1)) {
        end += p.data.length;
        assert.notEqual(end % 4096, 0, `a payload ends at ${end}, a multiple of 4096`);
      }
      assert.equal(Buffer.concat(payloads.map((p) => p.data)).length, audio.length);

      const rendition = renderText(speechFixture24k48(), 'Hi', { charsPerSecond: 15, wordBoundary: false, sentenceBoundary: false });
      assert.equal(rendition.durationMs, 17 * FRAME_MS, 'min 0.4 s, rounded up to whole frames');
    });
  });

  describe('driven by msedge-tts 2.0.7', () => {
    it('streams the whole rendition as valid MP3 frames in varied chunks, and logs the request', async () => {
      const text = 'Hello world, this is a test of the fake Edge server. Tom &amp; Jerry.';
      const tts = await openTts();
      const speech = await speak(tts, text).done;
      assert.equal(speech.error, undefined);
      assert.ok(speech.ended);

      const log = requestLog(speech.requestId);
      const audio = audioOf(speech);
      assert.ok(audio.length > 0);
      assert.equal(audio.length, log.audioBytesSent);
      const mp3 = parseMp3Frames(audio);
      assert.equal(mp3.trailingBytes, 0, 'whole frames only');
      assert.ok(mp3.frames.every((f) => f.sampleRate === 24000 && f.bitrateKbps === 48));
      const expectedMs = Math.ceil((((text.length - 4) / 15) * 1000) / FRAME_MS) * FRAME_MS; // "&amp;" is one char
      assert.equal(mp3.durationMs, expectedMs);
      assert.equal(log.audioDurationMs, expectedMs);
      assert.deepEqual(audio, speechFixture24k48().data.subarray(0, audio.length), 'starts at the first frame');

      assert.deepEqual(
        speech.chunks.slice(0, 3).map((c) => c.length),
        AUDIO_PAYLOAD_SIZES.slice(0, 3),
      );
      assert.ok(speech.chunks.some((c) => c.length % 4096 !== 0));

      assert.match(log.requestId, /^[0-9a-f]{32}$/);
      assert.equal(log.voice, 'en-US-AvaNeural');
      assert.equal(log.lang, 'en-US');
      assert.deepEqual([log.rate, log.pitch, log.volume], ['1', '+0Hz', '100']);
      assert.equal(log.outputFormat, MP3);
      assert.equal(log.wordBoundary, false);
      assert.equal(log.sentenceBoundary, false);
      assert.equal(log.text, 'Hello world, this is a test of the fake Edge server. Tom & Jerry.');
      assert.match(log.ssml, /^<speak /);
      assert.ok(log.firstAudioAt !== undefined && log.turnEndAt !== undefined && log.turnEndAt >= log.firstAudioAt);

      const connection = onlyConnection();
      assert.match(String(connection.headers['user-agent']), /Edg\//);
      assert.equal(connection.headers.origin, EDGE_ORIGIN);
      assert.match(connection.url, /TrustedClientToken=6A5AA1D4EAFF4E9FB37E23D68491D6F4/);
    });

    it('paces audio: first frame after firstAudioDelayMs, then speedFactor × real time', async () => {
      server.setOptions({ firstAudioDelayMs: 300, speedFactor: 10, charsPerSecond: 15 });
      const text = 'a'.repeat(75); // 5 s of speech → 0.5 s on the wire
      const tts = await openTts();
      const sentAt = performance.now();
      const speech = await speak(tts, text).done;
      const endAt = performance.now();
      assert.ok(speech.ended);
      const log = requestLog(speech.requestId);
      assert.equal(log.audioDurationMs, Math.ceil(5000 / FRAME_MS) * FRAME_MS);

      // Targets are absolute (receivedAt + delay + audio time / speed). A busy machine can only make the
      // audio later, so the targets are floors (less a few ms: Node may fire a timer a hair early); the
      // ceilings only tell 10x apart from real time (5.3 s). How close to its targets the server keeps
      // is measured by `npm run bench` (local Edge server pacing).
      const EARLY_MS = 5;
      const firstAudio = (log.firstAudioAt ?? NaN) - log.receivedAt;
      const turn = (log.turnEndAt ?? NaN) - log.receivedAt;
      assert.ok(firstAudio >= 300 - EARLY_MS && firstAudio < 3000, `first audio after ${firstAudio} ms`);
      assert.ok(turn >= 300 + 501.6 - EARLY_MS && turn < 4000, `turn.end after ${turn} ms`);
      assert.ok(turn > firstAudio);
      assert.ok((speech.firstChunkAt ?? 0) - sentAt >= 300 - EARLY_MS, 'client saw audio too early');
      assert.ok(endAt - sentAt >= 780, `whole turn took only ${endAt - sentAt} ms`);
    });

    it('loops the fixture for text longer than it, still cut at frame boundaries', async () => {
      server.setOptions({ charsPerSecond: 10, speedFactor: 100, firstAudioDelayMs: 0 });
      const tts = await openTts();
      const speech = await speak(tts, 'word '.repeat(60)).done; // 299 chars after trim → 29.9 s > 25.5 s fixture
      assert.ok(speech.ended);
      const mp3 = parseMp3Frames(audioOf(speech));
      assert.equal(mp3.trailingBytes, 0);
      assert.equal(mp3.frames.length, Math.ceil(29_900 / FRAME_MS));
      const fixture = speechFixture24k48();
      assert.ok(mp3.frames.length > fixture.frames.length);
      assert.deepEqual(audioOf(speech).subarray(fixture.data.length, fixture.data.length + 1000), fixture.data.subarray(0, 1000));
    });

    it('sends one WordBoundary per message, offsets rising, each before the audio that contains it', async () => {
      const text = 'The quick brown fox jumps over the lazy dog, doesn’t it?';
      const tts = await openTts('en-US-AvaNeural', { wordBoundaryEnabled: true });
      const speech = await speak(tts, text).done;
      assert.ok(speech.ended);
      const log = requestLog(speech.requestId);
      assert.equal(log.wordBoundary, true);

      assert.deepEqual(
        speech.boundaries.map((b) => b.text),
        ['The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog', 'doesn’t', 'it'],
      );
      assert.ok(speech.metadataMessageSizes.every((n) => n === 1));
      const totalTicks = log.audioDurationMs * TICKS_PER_MS;
      const msPerByte = log.audioDurationMs / log.audioBytesSent;
      let previous = -1;
      for (const b of speech.boundaries) {
        assert.equal(b.type, 'WordBoundary');
        assert.equal(b.boundaryType, 'WordBoundary');
        assert.equal(b.length, b.text.length);
        assert.ok(b.offset > previous, `offset ${b.offset} after ${previous}`);
        assert.ok(b.duration > 0 && b.offset + b.duration <= totalTicks);
        assert.ok(b.audioBytesBefore * msPerByte <= b.offset / TICKS_PER_MS + 1e-3, `"${b.text}" arrived after its audio`);
        previous = b.offset;
      }
      assert.ok(
        speech.boundaries.some((b) => b.audioBytesBefore > 0),
        'boundaries should be interleaved with audio',
      );
    });

    it('sends SentenceBoundary too when enabled, a sentence before its first word', async () => {
      const tts = await openTts('en-US-AvaNeural', { wordBoundaryEnabled: true, sentenceBoundaryEnabled: true });
      const speech = await speak(tts, 'Hello there. How are you? Fine!').done;
      assert.ok(speech.ended);
      assert.deepEqual(
        speech.boundaries.map((b) => `${b.type}:${b.text}`),
        [
          'SentenceBoundary:Hello there.',
          'WordBoundary:Hello',
          'WordBoundary:there',
          'SentenceBoundary:How are you?',
          'WordBoundary:How',
          'WordBoundary:are',
          'WordBoundary:you',
          'SentenceBoundary:Fine!',
          'WordBoundary:Fine',
        ],
      );
      assert.ok(speech.boundaries.every((b) => b.boundaryType === b.type));
    });

    it('serves concurrent requests on one socket', async () => {
      const tts = await openTts();
      const a = speak(tts, 'The first of two requests sent at the same time on one socket.');
      const b = speak(tts, 'And the second one.');
      const [first, second] = await Promise.all([a.done, b.done]);
      assert.ok(first.ended && second.ended);

      const connection = onlyConnection();
      assert.equal(connection.requests.length, 2);
      const logA = requestLog(first.requestId);
      const logB = requestLog(second.requestId);
      assert.ok(logB.receivedAt < (logA.turnEndAt ?? 0), 'the two turns should overlap');
      assert.equal(audioOf(first).length, logA.audioBytesSent);
      assert.equal(audioOf(second).length, logB.audioBytesSent);
      assert.ok(logA.audioBytesSent > logB.audioBytesSent);
      assert.equal(parseMp3Frames(audioOf(first)).trailingBytes, 0);
      assert.equal(parseMp3Frames(audioOf(second)).trailingBytes, 0);
    });

    it('closes 1007 on an unescaped & and the stream errors', async () => {
      const tts = await openTts();
      const closed = server.nextClose();
      const speech = await speak(tts, 'Tom & Jerry').done;
      assert.match(speech.error?.message ?? '', STREAM_CLOSED);
      assert.equal(speech.bytes, 0);
      const { connection } = await closed;
      assert.equal(connection.closeCode, 1007);
      assert.equal(connection.closedBy, 'server');
      assert.match(connection.closeReason ?? '', /^An error occurred while parsing EntityName\. Line 4, position \d+\.$/);
      assert.equal(connection.requests[0]?.error, connection.closeReason);
      assert.equal(connection.requests[0]?.firstAudioAt, undefined);
    });

    it('closes 1007 on an unescaped <', async () => {
      const tts = await openTts();
      const closed = server.nextClose();
      const speech = await speak(tts, 'if (a < b && c) {}').done;
      assert.match(speech.error?.message ?? '', STREAM_CLOSED);
      const { connection } = await closed;
      assert.equal(connection.closeCode, 1007);
      assert.match(connection.closeReason ?? '', /^Name cannot begin with the ' ' character/);
    });

    it('closes 1007 "Unsupported voice" for a voice not in the list', async () => {
      const tts = await openTts('en-US-NopeNeural');
      const closed = server.nextClose();
      const speech = await speak(tts, 'Hello.').done;
      assert.match(speech.error?.message ?? '', STREAM_CLOSED);
      const { connection } = await closed;
      assert.equal(connection.closeCode, 1007);
      assert.equal(connection.closeReason, 'Unsupported voice en-US-NopeNeural.');
    });

    it('accepts the long voice name form and logs it as the ShortName', async () => {
      const tts = await openTts('Microsoft Server Speech Text to Speech Voice (en-US, AriaNeural)');
      const speech = await speak(tts, 'Hello.').done;
      assert.ok(speech.ended);
      assert.equal(requestLog(speech.requestId).voice, 'en-US-AriaNeural');
    });

    it('closes 1007 for an output format it cannot produce', async () => {
      const tts = await openTts('en-US-AvaNeural', {}, OUTPUT_FORMAT.WEBM_24KHZ_16BIT_MONO_OPUS);
      const closed = server.nextClose();
      const speech = await speak(tts, 'Hello.').done;
      assert.match(speech.error?.message ?? '', STREAM_CLOSED);
      const { connection } = await closed;
      assert.equal(connection.closeCode, 1007);
      assert.equal(connection.closeReason, 'Unsupported output format webm-24khz-16bit-mono-opus.');
    });

    it("'forbidden' fails setMetadata with 403; with faultOnRequest 1 only the first upgrade", async () => {
      server.setOptions({ fault: 'forbidden' });
      await assert.rejects(openTts(), /Edge TTS WebSocket error: Unexpected server response: 403/);
      assert.equal(server.rejectedUpgrades[0]?.reason, 'fault');
      assert.ok(server.rejectedUpgrades[0]?.date);
      assert.equal(server.connections.length, 0);

      server.reset();
      server.setOptions({ fault: 'forbidden', faultOnRequest: 1 });
      await assert.rejects(openTts(), /403/);
      const speech = await speak(await openTts(), 'Second try.').done;
      assert.ok(speech.ended);
      assert.equal(server.rejectedUpgrades.length, 1);
    });

    it("'refuse' resets the connection on upgrade (a hang-up, unlike a closed port's ECONNREFUSED)", async () => {
      server.setOptions({ fault: 'refuse' });
      await assert.rejects(openTts(), /socket hang up|ECONNRESET/);
      assert.deepEqual(
        server.rejectedUpgrades.map((r) => [r.status, r.reason]),
        [['reset', 'fault']],
      );
      assert.equal(server.connections.length, 0);
    });

    it("'hangAfterTurnStart' sends nothing after turn.start until the client closes", async () => {
      server.setOptions({ fault: 'hangAfterTurnStart' });
      const tts = await openTts();
      const speech = speak(tts, 'Hello.');
      await delay(800); // a normal turn for this text is over in ~250 ms
      assert.equal(speech.bytes, 0);
      assert.equal(speech.ended, false);
      assert.equal(speech.error, undefined);
      assert.equal(server.openSocketCount(), 1);
      const log = requestLog(speech.requestId);
      assert.equal(log.fault, 'hangAfterTurnStart');
      assert.equal(log.firstAudioAt, undefined);

      const closed = server.nextClose();
      tts.close();
      assert.match((await speech.done).error?.message ?? '', STREAM_CLOSED);
      assert.equal((await closed).connection.closedBy, 'client');
    });

    it("'dropMidAudio' errors the stream after about half the audio", async () => {
      server.setOptions({ fault: 'dropMidAudio', speedFactor: 20 });
      const tts = await openTts();
      const closed = server.nextClose();
      const speech = await speak(tts, 'x'.repeat(150)).done; // 10 s, ~60 KB, many payloads
      assert.match(speech.error?.message ?? '', STREAM_CLOSED);
      const log = requestLog(speech.requestId);
      const total = (log.renditionDurationMs / FRAME_MS) * FRAME_BYTES;
      assert.ok(speech.bytes > 0, 'some audio first');
      assert.equal(speech.bytes, log.audioBytesSent);
      assert.ok(log.audioBytesSent >= total / 2 && log.audioBytesSent < total * 0.75, `${log.audioBytesSent} of ${total}`);
      assert.deepEqual(audioOf(speech), speechFixture24k48().data.subarray(0, speech.bytes));
      assert.equal(log.turnEndAt, undefined);
      const { connection } = await closed;
      assert.equal(connection.closedBy, 'server');
      assert.equal(connection.closeCode, 1006);
    });

    it("'noAudio' ends the stream cleanly with zero bytes", async () => {
      server.setOptions({ fault: 'noAudio' });
      const tts = await openTts();
      const speech = await speak(tts, 'Hello.').done;
      assert.equal(speech.error, undefined);
      assert.ok(speech.ended);
      assert.equal(speech.bytes, 0);
      const log = requestLog(speech.requestId);
      assert.ok(log.turnEndAt !== undefined);
      assert.equal(log.audioBytesSent, 0);
    });

    it('faultOnRequest applies the fault to the Nth request overall only', async () => {
      server.setOptions({ fault: 'noAudio', faultOnRequest: 2 });
      const results: Speech[] = [];
      for (const text of ['One.', 'Two.', 'Three.']) results.push(await speak(await openTts(), text).done);
      assert.deepEqual(
        results.map((s) => s.bytes > 0),
        [true, false, true],
      );
      assert.deepEqual(
        server.requests.map((r) => r.fault),
        ['none', 'noAudio', 'none'],
      );
      assert.equal(server.connections.length, 3);
    });

    it('faultFromRequest applies the fault to the Nth request and every later one', async () => {
      server.setOptions({ fault: 'noAudio', faultFromRequest: 2 });
      try {
        const results: Speech[] = [];
        for (const text of ['One.', 'Two.', 'Three.']) results.push(await speak(await openTts(), text).done);
        assert.deepEqual(
          results.map((s) => s.bytes > 0),
          [true, false, false],
        );
        assert.deepEqual(
          server.requests.map((r) => r.fault),
          ['none', 'noAudio', 'noAudio'],
        );
      } finally {
        server.setOptions({ faultFromRequest: undefined });
      }
    });

    it("logs every valid audio payload it sends, which add up to the request's audio", async () => {
      const speech = await speak(await openTts(), 'Hello there.').done;
      const log = requestLog(speech.requestId);
      assert.ok(log.audioPayloads.length > 0);
      assert.equal(Buffer.concat(log.audioPayloads).length, log.audioBytesSent);
      assert.equal(log.garbageSent, 0);
    });

    it('logs a client close() as closedBy client at once and stops sending', async () => {
      server.setOptions({ speedFactor: 1 });
      const tts = await openTts();
      const speech = speak(tts, 'A long sentence that would take several seconds to stream in real time.');
      while (speech.bytes === 0) await delay(10);
      const closed = server.nextClose();
      const t0 = performance.now();
      tts.close();
      const { connection, at } = await closed;
      assert.equal(connection.closedBy, 'client');
      assert.equal(connection.closeCode, 1005);
      assert.ok(at - t0 < 1000, `server saw the close after ${at - t0} ms`); // not when the seconds-long stream ends
      assert.match((await speech.done).error?.message ?? '', STREAM_CLOSED);
      const sent = requestLog(speech.requestId).audioBytesSent;
      await delay(300);
      assert.equal(requestLog(speech.requestId).audioBytesSent, sent, 'kept sending after close');
    });

    it('getVoices returns the fixture voice list', async () => {
      const voices = await new MsEdgeTTS().getVoices();
      assert.deepEqual(voices, JSON.parse(JSON.stringify(FAKE_EDGE_VOICES)));
      const shortNames = voices.map((v) => v.ShortName);
      for (const name of ['en-US-AvaNeural', 'en-US-AndrewNeural', 'en-GB-SoniaNeural', 'ja-JP-NanamiNeural', 'ar-EG-SalmaNeural']) {
        assert.ok(shortNames.includes(name), name);
      }
      assert.ok(voices.every((v) => Array.isArray((v as unknown as (typeof FAKE_EDGE_VOICES)[number]).VoiceTag.VoicePersonalities)));
      assert.equal(server.voiceListRequests[0]?.status, 200);

      const status = await new Promise<number | undefined>((resolve, reject) => {
        http
          .get(server.voicesUrl.replace(TRUSTED_CLIENT_TOKEN, 'WRONG'), (res) => {
            res.resume();
            resolve(res.statusCode);
          })
          .on('error', reject);
      });
      assert.equal(status, 401);
    });

    it('judges Sec-MS-GEC by its own clock: 10 min off → 403 with the server Date; 2 min ahead is fine', async () => {
      server.setOptions({ clockOffsetMs: 10 * 60_000 });
      await assert.rejects(openTts(), /Unexpected server response: 403/);
      assert.equal(server.rejectedUpgrades[0]?.reason, 'sec-ms-gec');

      const raw = await rawConnect();
      assert.equal(raw.status, 403);
      const serverDate = Date.parse(String(raw.headers?.date));
      assert.ok(Math.abs(serverDate - (Date.now() + 10 * 60_000)) < 3000, `Date: ${raw.headers?.date}`);
      // What Python's edge-tts does with that Date: recompute the token from the server's clock.
      const fixed = await rawConnect({ gec: secMsGecAt(serverDate) });
      assert.ok(fixed.ws, 'a token from the server Date should be accepted');
      fixed.ws.close();

      server.setOptions({ clockOffsetMs: 2 * 60_000 });
      assert.ok((await speak(await openTts(), 'Hello.').done).ended);
    });
  });

  describe('raw protocol', () => {
    it('answers 403 with a Date header for a wrong token, GEC, User-Agent or Origin', async () => {
      const cases = [
        { reason: 'token', options: { token: '0'.repeat(32) } },
        { reason: 'sec-ms-gec', options: { gec: 'F'.repeat(64) } },
        { reason: 'user-agent', options: { ua: 'axios/1.21.1' } },
        { reason: 'origin', options: { origin: 'https://example.com' } },
      ] as const;
      for (const { reason, options } of cases) {
        const result = await rawConnect(options);
        assert.equal(result.status, 403, reason);
        assert.ok(!Number.isNaN(Date.parse(String(result.headers?.date))), `${reason}: no Date header`);
      }
      assert.deepEqual(
        server.rejectedUpgrades.map((r) => r.reason),
        cases.map((c) => c.reason),
      );
      const ok = await rawConnect();
      assert.ok(ok.ws, 'a correct handshake should open');
      ok.ws.close();
    });

    it('tags every message with X-RequestId and frames audio exactly as Edge does', async () => {
      const { ws } = await rawConnect();
      assert.ok(ws);
      const session = new RawSession(ws);
      const requestId = randomBytes(16).toString('hex');
      // Python's shape: X-Timestamp headers, single quotes, long voice name, whitespace around the JSON.
      ws.send(
        clientTextMessage(
          [
            ['X-Timestamp', new Date().toString()],
            ['Content-Type', 'application/json; charset=utf-8'],
            ['Path', 'speech.config'],
          ],
          '\r\n{"context":{"synthesis":{"audio":{"metadataoptions":{"sentenceBoundaryEnabled":"false","wordBoundaryEnabled":"false"},"outputFormat":"audio-24khz-48kbitrate-mono-mp3"}}}}\r\n',
        ),
      );
      ws.send(
        clientTextMessage(
          [
            ['X-RequestId', requestId],
            ['Content-Type', 'application/ssml+xml'],
            ['X-Timestamp', `${new Date().toString()}Z`],
            ['Path', 'ssml'],
          ],
          "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>" +
            "<voice name='Microsoft Server Speech Text to Speech Voice (en-US, EmmaNeural)'>" +
            "<prosody pitch='+0Hz' rate='+0%' volume='+0%'>Hello, raw world. This is long enough for a few frames.</prosody></voice></speak>",
        ),
      );
      await session.waitFor((m) => m.kind === 'text' && m.message.path === 'turn.end');

      const messages = session.messages;
      assert.ok(messages.every((m) => m.message.headers['x-requestid'] === requestId));
      const paths = messages.map((m) => (m.kind === 'text' ? m.message.path : `audio${m.message.payload.length ? '' : '-end'}`));
      assert.deepEqual(paths.slice(0, 2), ['turn.start', 'response']);
      assert.deepEqual(paths.slice(-2), ['audio-end', 'turn.end']);
      assert.ok(paths.slice(2, -2).every((p) => p === 'audio'));
      assert.ok(paths.length > 5);

      const audio: Buffer[] = [];
      for (const m of messages) {
        if (m.kind !== 'binary') continue;
        const { headerLength, payload, headers } = m.message;
        const block = m.data.subarray(2, 2 + headerLength).toString('ascii');
        assert.ok(block.endsWith('\r\nPath:audio\r\n'), JSON.stringify(block));
        assert.equal(m.data.indexOf('Path:audio\r\n') + 12, 2 + headerLength);
        if (payload.length > 0) assert.equal(headers['content-type'], 'audio/mpeg');
        else assert.equal(headers['content-type'], undefined);
        audio.push(payload);
      }
      const log = requestLog(requestId);
      assert.equal(Buffer.concat(audio).length, log.audioBytesSent);
      assert.equal(parseMp3Frames(Buffer.concat(audio)).trailingBytes, 0);
      assert.equal(log.voice, 'en-US-EmmaNeural');
      assert.equal(log.rate, '+0%');
      const turnStart = JSON.parse(messages[0]?.kind === 'text' ? messages[0].message.body : '') as { context: { serviceTag: string } };
      assert.match(turnStart.context.serviceTag, /^[0-9a-f]+$/);

      // The connection stays open for the next request (msedge-tts reuses it).
      assert.equal(ws.readyState, WebSocket.OPEN);
      ws.close();
    });

    it('closes 1007 when ssml comes before speech.config', async () => {
      const { ws } = await rawConnect();
      assert.ok(ws);
      const session = new RawSession(ws);
      ws.send(
        clientTextMessage(
          [
            ['X-RequestId', 'a'.repeat(32)],
            ['Path', 'ssml'],
          ],
          '<speak/>',
        ),
      );
      const { code, reason } = await session.closed;
      assert.equal(code, 1007);
      assert.match(reason, /speech\.config/);
      assert.equal(session.messages.length, 0);
    });
  });

  describe('lifecycle', () => {
    it('close() terminates open sockets and pending turns, and frees its port', async () => {
      const handles = (type: string): number => process.getActiveResourcesInfo().filter((r) => r === type).length;
      await Promise.resolve(); // mocha arms its own test timer once this function has returned its promise
      const baseline = { timers: handles('Timeout'), servers: handles('TCPServerWrap') };
      // The first turn hangs, the second streams slowly, so timers are pending when close() comes.
      const other = await startFakeEdgeServer({ fault: 'hangAfterTurnStart', faultOnRequest: 1, speedFactor: 0.1 });
      const saved = statics.WSS_URL;
      statics.WSS_URL = other.wsUrl;
      try {
        const tts = await openTts();
        const speech = speak(tts, 'Hello.');
        const slow = speak(tts, 'A slow one.');
        while (slow.bytes === 0) await delay(10);
        const t0 = performance.now();
        await other.close();
        assert.ok(performance.now() - t0 < 3000, 'close() waited for the pending turns'); // the slow one runs for seconds
        assert.equal(other.openSocketCount(), 0);
        const [a, b] = await Promise.all([speech.done, slow.done]);
        assert.match(a.error?.message ?? '', STREAM_CLOSED);
        assert.match(b.error?.message ?? '', STREAM_CLOSED);
        assert.equal(other.connections[0]?.closedBy, 'server');
        const sent = other.requests[1]?.audioBytesSent;
        await delay(200);
        assert.equal(other.requests[1]?.audioBytesSent, sent, 'a turn kept sending after close()');
        // Nothing of the server may keep the process alive: no listening socket, no pending timer.
        assert.equal(handles('TCPServerWrap'), baseline.servers, 'still listening');
        assert.ok(handles('Timeout') <= baseline.timers, `timers: ${process.getActiveResourcesInfo().join(', ')}`);
        await assert.rejects(new MsEdgeTTS().setMetadata('en-US-AvaNeural', MP3, {}), /ECONNREFUSED/);
      } finally {
        statics.WSS_URL = saved;
        await other.close().catch(() => undefined);
      }
    });
  });

  // -------------------------------------------------------------------------------------------
  // Raw WebSocket client

  interface RawOptions {
    token?: string;
    gec?: string;
    ua?: string;
    origin?: string;
  }

  interface RawResult {
    ws?: WebSocket;
    status?: number;
    headers?: http.IncomingHttpHeaders;
  }

  function rawConnect(options: RawOptions = {}): Promise<RawResult> {
    const query = new URLSearchParams({
      TrustedClientToken: options.token ?? TRUSTED_CLIENT_TOKEN,
      'Sec-MS-GEC': options.gec ?? secMsGecAt(Date.now()),
      'Sec-MS-GEC-Version': '1-143.0.3650.75',
      ConnectionId: randomBytes(16).toString('hex'),
    });
    const ws = new WebSocket(`${server.wsUrl}?${query}`, {
      headers: { 'User-Agent': options.ua ?? EDGE_UA, Origin: options.origin ?? EDGE_ORIGIN },
    });
    return new Promise((resolve, reject) => {
      ws.on('open', () => resolve({ ws }));
      // With this listener ws leaves the response to us, so the Date header can be read.
      ws.on('unexpected-response', (req, res) => {
        resolve({ status: res.statusCode, headers: res.headers });
        res.resume();
        req.destroy();
      });
      ws.on('error', reject);
    });
  }

  type RawMessage = { kind: 'text'; message: ProtocolMessage } | { kind: 'binary'; data: Buffer; message: BinaryProtocolMessage };

  class RawSession {
    readonly messages: RawMessage[] = [];
    readonly closed: Promise<{ code: number; reason: string }>;
    private readonly listeners = new Set<() => void>();

    constructor(ws: WebSocket) {
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) this.messages.push({ kind: 'binary', data, message: parseBinaryMessage(data) });
        else {
          const message = parseTextMessage(data.toString('utf8'));
          assert.ok(message, 'unparseable text message');
          this.messages.push({ kind: 'text', message });
        }
        for (const l of this.listeners) l();
      });
      this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    }

    waitFor(predicate: (m: RawMessage) => boolean, timeoutMs = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!this.messages.some(predicate)) return;
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          this.listeners.delete(check);
          reject(new Error('timed out waiting for a message'));
        }, timeoutMs);
        this.listeners.add(check);
        check();
      });
    }
  }
});
