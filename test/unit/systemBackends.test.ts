import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { espeakBackend, parseEspeakVoices } from '../../src/engines/system/espeakEngine';
import {
  parseSapiVoices,
  parseSapiWordMarks,
  powershellPath,
  SAPI_SPEAK_SCRIPT,
  sapiBackend,
  sapiRate,
} from '../../src/engines/system/sapiEngine';
import { parseSayVoices, sayBackend } from '../../src/engines/system/sayEngine';
import { isValidSystemVoiceName, textForEngine, type SystemVoiceSettings } from '../../src/engines/system/systemBackend';
import { systemBackendFor } from '../../src/engines/system/systemEngine';
import { WavStreamReader } from '../../src/engines/system/wavStream';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'system-voices');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const NORMAL: SystemVoiceSettings = { voice: undefined, speed: 1, pitchHz: 0, volumePercent: 100 };

describe('System voices: command lines (no shell, no text on the command line)', () => {
  it('picks espeak-ng on Linux, say on macOS, SAPI on Windows', () => {
    assert.equal(systemBackendFor('linux'), espeakBackend);
    assert.equal(systemBackendFor('freebsd'), espeakBackend);
    assert.equal(systemBackendFor('darwin'), sayBackend);
    assert.equal(systemBackendFor('win32'), sapiBackend);
  });

  it('espeak-ng: WAV to stdout, UTF-8 text from stdin, speed/pitch/volume/voice as separate arguments', () => {
    assert.deepEqual(espeakBackend.synthesisCommand(NORMAL), {
      program: 'espeak-ng',
      args: ['--stdout', '-b', '1', '-s', '175', '-p', '50', '-a', '100', '--stdin'],
    });
    const fast = espeakBackend.synthesisCommand({ voice: 'en-gb-x-rp', speed: 2, pitchHz: -20, volumePercent: 40 });
    assert.deepEqual(fast.args, ['--stdout', '-b', '1', '-s', '350', '-p', '30', '-a', '40', '-v', 'en-gb-x-rp', '--stdin']);
    // The extremes stay inside what espeak-ng accepts.
    assert.deepEqual(espeakBackend.synthesisCommand({ ...NORMAL, speed: 0.25, pitchHz: -90 }).args.slice(3, 7), ['-s', '80', '-p', '0']);
    assert.deepEqual(espeakBackend.synthesisCommand({ ...NORMAL, speed: 9 }).args.slice(3, 5), ['-s', '700']);
  });

  it('say: a WAV file of 16-bit 22.05 kHz PCM, the text from stdin (-f -)', () => {
    const command = sayBackend.synthesisCommand({ ...NORMAL, voice: 'Eddy (English (US))', speed: 1.5 }, '/tmp/read-aloud-x/sentence.wav');
    assert.deepEqual(command, {
      program: '/usr/bin/say',
      args: [
        '-o',
        '/tmp/read-aloud-x/sentence.wav',
        '--file-format=WAVE',
        '--data-format=LEI16@22050',
        '-r',
        '263',
        '-v',
        'Eddy (English (US))',
        '-f',
        '-',
      ],
    });
    assert.throws(() => sayBackend.synthesisCommand(NORMAL));
    assert.deepEqual(sayBackend.voicesCommand(), { program: '/usr/bin/say', args: ['-v', '?'] });
  });

  it('SAPI: Windows PowerShell by full path, a fixed encoded script, settings in the environment', () => {
    const saved = process.env.SystemRoot;
    process.env.SystemRoot = 'C:\\Windows';
    try {
      const command = sapiBackend.synthesisCommand({ voice: 'Microsoft Zira Desktop', speed: 3, pitchHz: 10, volumePercent: 55 });
      assert.equal(command.program, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
      assert.deepEqual(command.args.slice(0, 6), [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-ExecutionPolicy',
        'Bypass',
        '-EncodedCommand',
      ]);
      assert.equal(command.args.length, 7);
      assert.equal(Buffer.from(command.args[6] as string, 'base64').toString('utf16le'), SAPI_SPEAK_SCRIPT);
      assert.deepEqual(command.env, { READ_ALOUD_VOICE: 'Microsoft Zira Desktop', READ_ALOUD_RATE: '10', READ_ALOUD_VOLUME: '55' });
    } finally {
      if (saved === undefined) delete process.env.SystemRoot;
      else process.env.SystemRoot = saved;
    }
    assert.equal(powershellPath(undefined), 'powershell.exe');
    // The script never names the user's voice or text: they come from the environment and stdin.
    assert.match(SAPI_SPEAK_SCRIPT, /\$env:READ_ALOUD_VOICE/);
    assert.match(SAPI_SPEAK_SCRIPT, /\[Console\]::In\.ReadToEnd\(\)/);
    assert.equal(sapiRate(1), 0);
    assert.equal(sapiRate(0.5), -6);
    assert.equal(sapiRate(2), 6);
    assert.equal(sapiRate(4), 10);
  });
});

describe('System voices: parsing what the engines print', () => {
  it('espeak-ng --voices: the language column is the voice, the name and gender describe it', () => {
    const voices = parseEspeakVoices(fixture('espeak-voices.txt'));
    assert.equal(voices.length, 14);
    assert.deepEqual(voices[0], { name: 'af', language: 'af', description: 'Afrikaans, male' });
    assert.deepEqual(
      voices.find((v) => v.name === 'en-us'),
      { name: 'en-us', language: 'en-US', description: 'English (America), male' },
    );
    assert.ok(voices.some((v) => v.name === 'en-us-nyc'));
  });

  it('say -v ?: names with spaces and parentheses, locales with underscores', () => {
    const voices = parseSayVoices(fixture('say-voices.txt'));
    assert.equal(voices.length, 9);
    assert.deepEqual(voices[4], { name: 'Eddy (English (UK))', language: 'en-GB', description: 'Hello! My name is Eddy.' });
    assert.deepEqual(voices.find((v) => v.name === 'Kyoko')?.language, 'ja-JP');
    assert.deepEqual(voices.find((v) => v.name === 'Amélie')?.language, 'fr-CA');
  });

  it('SAPI voices (tab-separated, CRLF) and word positions in the text, with their audio times', () => {
    const voices = parseSapiVoices(fixture('sapi-voices.txt'));
    assert.deepEqual(voices[1], {
      name: 'Microsoft Zira Desktop',
      language: 'en-US',
      description: 'Microsoft Zira Desktop - English (United States), female',
    });
    assert.equal(voices.length, 3);
    const text = 'Hello there is a test.';
    const marks = parseSapiWordMarks(`Some warning\r\n${fixture('sapi-words.txt')}word x y z\r\n`);
    assert.deepEqual(
      marks.map((m) => text.slice(m.textStart, m.textEnd)),
      ['Hello', 'there', 'is', 'a', 'test'],
    );
    assert.deepEqual(
      marks.map((m) => m.offsetSeconds),
      [0.012, 0.398, 0.802, 0.951, 1.04],
    );
  });
});

describe('System voices: input', () => {
  it('voice names: letters, digits, spaces and a few marks; never an option', () => {
    for (const good of ['en-us', 'en-gb-x-rp', 'Eddy (English (US))', 'Microsoft Zira Desktop', 'Amélie', 'mb/mb-en1']) {
      assert.ok(isValidSystemVoiceName(good), good);
    }
    for (const bad of ['', '-v', '--stdout', 'a;rm -rf /', 'x'.repeat(101), 'voice\nname', '$(calc)']) {
      assert.ok(!isValidSystemVoiceName(bad), bad);
    }
  });

  it('text for the engine keeps its length, loses control characters and [[ commands', () => {
    const text = 'a\u0000b\u0007c [[rate 400]] <b>&amp; 😀\ttab\nline';
    const clean = textForEngine(text);
    assert.equal(clean.length, text.length);
    assert.doesNotMatch(clean, /[\u0000-\u0008]/);
    assert.doesNotMatch(clean, /\[\[/);
    assert.match(clean, /<b>&amp; 😀\ttab\nline$/);
  });

  it('reads WAV streamed in pieces (placeholder sizes) and WAV files with extra chunks', () => {
    const samples = new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]);
    const fllr = new Uint8Array(8 + 6);
    fllr.set([0x46, 0x4c, 0x4c, 0x52, 6, 0, 0, 0]);
    const file = wav(22050, samples, fllr, 0xffffffff);
    for (const pieceSize of [1, 3, 7, 64]) {
      const reader = new WavStreamReader();
      const out: number[] = [];
      for (let at = 0; at < file.length; at += pieceSize) {
        out.push(...reader.push(file.subarray(at, at + pieceSize)));
      }
      assert.deepEqual(out, [...samples], `pieces of ${pieceSize}`);
      assert.deepEqual(reader.format, { sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    }
    // A real data size is respected: trailing bytes after it are not samples.
    const sized = new WavStreamReader();
    assert.deepEqual([...sized.push(concat(wav(16000, samples, undefined, 4), new Uint8Array([9, 9])))], [1, 0, 2, 0]);
    assert.throws(() => new WavStreamReader().push(new TextEncoder().encode('ID3 not a wav file at all')), /did not produce WAV/);
    const stereo = wav(22050, samples);
    stereo[22] = 2;
    assert.throws(() => new WavStreamReader().push(stereo), /expected 16-bit mono/);
  });
});

function wav(sampleRate: number, samples: Uint8Array, extra?: Uint8Array, dataSize = samples.length): Uint8Array {
  const header = new Uint8Array(12 + 24 + (extra?.length ?? 0) + 8);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode('RIFF'), 0);
  view.setUint32(4, 0xffffffff, true);
  header.set(new TextEncoder().encode('WAVEfmt '), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  let at = 36;
  if (extra) {
    header.set(extra, at);
    at += extra.length;
  }
  header.set(new TextEncoder().encode('data'), at);
  view.setUint32(at + 4, dataSize, true);
  return concat(header, samples);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
