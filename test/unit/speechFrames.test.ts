// The pure parts of the guarded speech path: what a message from the service means, the limits of a
// request, the retry decision, and the fallback voice.
import * as assert from 'node:assert/strict';
import { DroppedFrames, inspectFrame, parseHeaderBlock } from '../../src/speech/edgeFrames';
import { closedError, connectError, SpeechError, type SpeechErrorKind } from '../../src/speech/speechError';
import { EDGE_AUDIO_BYTES_PER_SECOND, MAX_AUDIO_SECONDS_PER_REQUEST, requestLimits, retryDecision } from '../../src/speech/speechPolicy';
import { fallbackVoiceFor } from '../../src/voices/voiceFallback';
import type { VoiceInfo } from '../../src/voices/voiceList';

const ID = '0123456789abcdef0123456789abcdef';
const expect = { requestId: ID, metadata: true };

function binary(headerLines: readonly string[], payload: Uint8Array = new Uint8Array([0xff, 0xf3, 1, 2]), declared?: number): Buffer {
  const header = Buffer.from(headerLines.map((l) => `${l}\r\n`).join(''), 'latin1');
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(declared ?? header.length, 0);
  return Buffer.concat([prefix, header, payload]);
}

function text(message: string): Buffer {
  return Buffer.from(message, 'utf8');
}

const AUDIO = [`X-RequestId:${ID}`, 'Content-Type:audio/mpeg', 'X-StreamId:ABC', 'Path:audio'];

describe('speech frames: what a message from the service means', () => {
  it('audio of the current request: exactly its payload', () => {
    const frame = inspectFrame(binary(AUDIO), true, expect);
    assert.equal(frame.kind, 'audio');
    assert.deepEqual([...frame.payload], [0xff, 0xf3, 1, 2]);
  });

  it('the bare terminator, text paths, and metadata only when asked for', () => {
    assert.equal(
      inspectFrame(binary([`X-RequestId:${ID}`, 'X-StreamId:ABC', 'Path:audio'], new Uint8Array(0)), true, expect).kind,
      'audioEnd',
    );
    assert.equal(inspectFrame(text(`X-RequestId:${ID}\r\nPath:turn.start\r\n\r\n{}`), false, expect).kind, 'turnStart');
    assert.equal(inspectFrame(text(`X-RequestId:${ID}\r\nPath:response\r\n\r\n{}`), false, expect).kind, 'response');
    assert.equal(inspectFrame(text(`x-requestid:${ID.toUpperCase()}\r\nPath:turn.end\r\n\r\n`), false, expect).kind, 'turnEnd');
    const metadata = inspectFrame(text(`X-RequestId:${ID}\r\nPath:audio.metadata\r\n\r\n{"Metadata":[]}`), false, expect);
    assert.deepEqual(metadata, { kind: 'metadata', body: '{"Metadata":[]}' });
    assert.deepEqual(inspectFrame(text(`X-RequestId:${ID}\r\nPath:audio.metadata\r\n\r\n{}`), false, { ...expect, metadata: false }), {
      kind: 'drop',
      reason: 'unexpected metadata',
    });
  });

  const drops: ReadonlyArray<[string, Buffer, boolean, string, { requestId: string | undefined; metadata: boolean }?]> = [
    ['empty binary', Buffer.alloc(0), true, 'too short'],
    ['one byte', Buffer.from([0]), true, 'too short'],
    ['no headers', Buffer.from([0, 0, 1, 2]), true, 'bad headers'],
    ['header length past the end', binary(AUDIO, new Uint8Array(0), 200), true, 'header length past end'],
    ['headers cut mid-line', binary(AUDIO, new Uint8Array(8), 60), true, 'bad headers'],
    ['no Path:audio', binary(AUDIO.slice(0, 3)), true, 'unknown path'],
    ['Path:Audio', binary([...AUDIO.slice(0, 3), 'Path:Audio']), true, 'unknown path'],
    ['two Paths', binary([...AUDIO, 'Path:audio']), true, 'bad headers'],
    ['non-ASCII header', binary([`X-RequestId:${ID}`, 'Content-Type:audio/mpeg', 'Path:aud\xe9o']), true, 'bad headers'],
    ['a line without a colon', binary([`X-RequestId:${ID}`, 'garbage', 'Path:audio']), true, 'bad headers'],
    ['another request', binary([`X-RequestId:${'f'.repeat(32)}`, ...AUDIO.slice(1)]), true, 'foreign request'],
    ['no X-RequestId', binary(AUDIO.slice(1)), true, 'foreign request'],
    ['before any request', binary(AUDIO), true, 'no request yet', { requestId: undefined, metadata: true }],
    ['another Content-Type', binary([`X-RequestId:${ID}`, 'Content-Type:text/plain', 'Path:audio']), true, 'unexpected content type'],
    ['a terminator with a payload', binary([`X-RequestId:${ID}`, 'Path:audio']), true, 'unexpected content type'],
    ['text without a blank line', text(`X-RequestId:${ID}\r\nPath:turn.end\r\n`), false, 'bad headers'],
    ['text of an unknown path', text(`X-RequestId:${ID}\r\nPath:turn.ended\r\n\r\n`), false, 'unknown path'],
    ['text with Path:audio', text(`X-RequestId:${ID}\r\nPath:audio\r\n\r\nAAAA`), false, 'unknown path'],
    ['turn.end of another request', text(`X-RequestId:${'a'.repeat(32)}\r\nPath:turn.end\r\n\r\n`), false, 'foreign request'],
  ];
  for (const [name, data, isBinary, reason, expectation] of drops) {
    it(`drops ${name} (${reason})`, () => {
      assert.deepEqual(inspectFrame(data, isBinary, expectation ?? expect), { kind: 'drop', reason });
    });
  }

  it('never throws on random bytes, and never takes them for audio', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 5000; i++) {
      const data = Buffer.alloc(Math.floor(random() * 200), 0);
      for (let j = 0; j < data.length; j++) data[j] = Math.floor(random() * 256);
      const frame = inspectFrame(data, random() < 0.5, expect);
      assert.equal(frame.kind, 'drop');
    }
  });

  it('header blocks: names case-insensitive, every line terminated', () => {
    assert.equal(parseHeaderBlock(Buffer.from('Path:audio\r\nX-RequestId: abc \r\n'))?.get('x-requestid'), 'abc');
    assert.equal(parseHeaderBlock(Buffer.from('Path:audio')), undefined);
    assert.equal(parseHeaderBlock(Buffer.from('')), undefined);
  });

  it('counts drops by reason, without content', () => {
    const dropped = new DroppedFrames();
    assert.equal(dropped.summary(), '');
    dropped.add('foreign request');
    dropped.add('foreign request');
    dropped.add('too short');
    assert.equal(dropped.summary(), '3 messages from the service dropped (2 foreign request, 1 too short)');
  });
});

describe('speech policy: limits and the retry decision', () => {
  it('audio per request is generous and relative to the text, with a floor and a ceiling', () => {
    assert.equal(requestLimits(3).maxAudioBytes, 60 * EDGE_AUDIO_BYTES_PER_SECOND, 'a short text: at least a minute');
    assert.equal(requestLimits(300).maxAudioBytes, 300 * EDGE_AUDIO_BYTES_PER_SECOND, 'one second per character');
    assert.equal(requestLimits(4096).maxAudioBytes, MAX_AUDIO_SECONDS_PER_REQUEST * EDGE_AUDIO_BYTES_PER_SECOND);
    assert.equal(requestLimits(300).maxWaitMs, 300_000);
  });

  const error = (kind: SpeechErrorKind) => new SpeechError(kind, kind);
  const base = { failures: 0, maxRetries: 3, retryDelayMs: 250 };

  it('transient failures: retried with a doubling pause, up to maxRetries once underway, once before', () => {
    for (const kind of ['interrupted', 'unavailable', 'noAudio', 'stalled', 'forbidden'] as const) {
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: true }), { retry: true, delayMs: 250 }, kind);
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: true, failures: 2 }), { retry: true, delayMs: 1000 }, kind);
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: true, failures: 3 }), { retry: false }, kind);
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: false }), { retry: true, delayMs: 250 }, kind);
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: false, failures: 1 }), { retry: false }, kind);
    }
  });

  it('a dead network is reported at once before the first sound, resumed once underway', () => {
    for (const kind of ['network', 'timeout'] as const) {
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: false }), { retry: false });
      assert.equal(retryDecision(error(kind), { ...base, underway: true }).retry, true);
    }
  });

  it('a rejection or a request over the limits is never retried', () => {
    for (const kind of ['rejected', 'overLimit'] as const) {
      assert.deepEqual(retryDecision(error(kind), { ...base, underway: true }), { retry: false });
    }
  });
});

describe('speech errors from what the service says', () => {
  const voice = 'en-US-AvaNeural';

  it('a close names the failure without echoing the server text', () => {
    const unsupported = closedError(1007, 'Unsupported voice en-US-AvaNeural. <b>hi</b>', voice);
    assert.equal(unsupported.kind, 'rejected');
    assert.equal(unsupported.rejectedVoice, voice);
    assert.doesNotMatch(unsupported.message, /Unsupported|<b>/);
    assert.equal(closedError(1007, `No such speaker ${voice}`, voice).rejectedVoice, voice);
    const ssml = closedError(1007, 'SSML parse error near "my secret text"', voice);
    assert.equal(ssml.kind, 'rejected');
    assert.equal(ssml.rejectedVoice, undefined);
    assert.doesNotMatch(ssml.message, /secret/);
    assert.equal(closedError(1011, `Internal error for ${voice}`, voice).kind, 'unavailable');
    assert.equal(closedError(1006, undefined, voice).kind, 'interrupted');
    assert.equal(closedError(undefined, undefined, voice).kind, 'interrupted');
    assert.equal(closedError(1000, 'going away', voice).kind, 'interrupted');
  });

  it('HTTP statuses on the upgrade: 403 forbidden, 5xx unavailable, others network', () => {
    assert.equal(connectError(new Error('Edge TTS WebSocket error: Unexpected server response: 403')).kind, 'forbidden');
    assert.equal(connectError(new Error('Edge TTS WebSocket error: Unexpected server response: 503')).kind, 'unavailable');
    assert.equal(connectError(new Error('Edge TTS WebSocket error: Unexpected server response: 429')).kind, 'network');
    assert.equal(connectError(new Error('connect ECONNREFUSED 127.0.0.1:1')).kind, 'network');
  });
});

describe('fallback voice', () => {
  const voice = (shortName: string, status = 'GA'): VoiceInfo => ({
    shortName,
    locale: shortName.split('-').slice(0, -1).join('-'),
    friendlyName: '',
    name: '',
    language: '',
    gender: '',
    status,
    personalities: [],
    categories: [],
  });
  const voices = [
    voice('de-DE-KatjaNeural'),
    voice('en-GB-SoniaNeural'),
    voice('en-US-AnaNeural', 'Deprecated'),
    voice('en-US-AriaNeural', 'Preview'),
    voice('en-US-AvaNeural'),
  ];

  it('the first generally available voice of the same locale', () => {
    assert.equal(fallbackVoiceFor('en-US-GoneNeural', voices), 'en-US-AvaNeural');
  });
  it('never the rejected voice itself', () => {
    assert.equal(fallbackVoiceFor('en-US-AvaNeural', voices), 'en-US-AriaNeural');
  });
  it('else a voice of the same language, else none', () => {
    assert.equal(fallbackVoiceFor('en-AU-GoneNeural', voices), 'en-GB-SoniaNeural');
    assert.equal(fallbackVoiceFor('fr-FR-GoneNeural', voices), undefined);
    assert.equal(fallbackVoiceFor('not a voice', voices), undefined);
  });
});
