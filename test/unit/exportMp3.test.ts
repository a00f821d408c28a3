import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportMp3, partPathFor, type ExportMp3Options } from '../../src/export/exportMp3';
import { isSpeechError } from '../../src/speech/speechError';
import { planReading } from '../../src/reading/readingPlan';
import { renderText, speechFixture24k48 } from '../fake-edge/rendition';
import type { FakeEdgeServer } from '../fake-edge/server';
import { useLocalEdgeServer } from './localEdgeServer';

const voice = { voice: 'en-US-AvaNeural', rate: '+0%', pitch: '+0Hz', volume: '+0%' };
const synthesis = { voice, connectTimeoutMs: 2000, idleTimeoutMs: 2000, retryDelayMs: 10 };

const SENTENCES = [
  'Saving a reading as an MP3 file lets you listen later.',
  'The file appears only once every part of it has arrived.',
  'Cancel, and nothing is left behind.',
];

/** Sizes of the export's part files in `dir` (`notes.mp3.<random>.part`). */
async function partFileSizes(dir: string): Promise<number[]> {
  const names = (await fs.readdir(dir)).filter((name) => /^notes\.mp3\.[0-9a-f]{12}\.part$/.test(name));
  return Promise.all(names.map(async (name) => (await fs.stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size));
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('export to MP3 against the local Edge protocol server', function () {
  this.timeout(20_000);
  let dir: string;
  let target: string;
  const edge = useLocalEdgeServer({ firstAudioDelayMs: 40, speedFactor: 20, charsPerSecond: 15 });

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'read-aloud-export-'));
    target = path.join(dir, 'notes.mp3');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  function options(overrides: Partial<ExportMp3Options> = {}): ExportMp3Options {
    return {
      segments: SENTENCES.map((text) => ({ text })),
      synthesis,
      targetPath: target,
      signal: new AbortController().signal,
      ...overrides,
    };
  }

  it('writes exactly the audio the server sent, in order, and only the finished file', async () => {
    const progress: Array<[number, number]> = [];
    const outcome = await exportMp3(options({ onProgress: (done, total) => progress.push([done, total]) }));

    // The fake renders each request deterministically from the fixture, so the expected bytes are known.
    const expected = Buffer.concat(
      edge.server.requests.map(
        (request) =>
          renderText(speechFixture24k48(), request.text, {
            charsPerSecond: edge.server.options.charsPerSecond,
            wordBoundary: true,
            sentenceBoundary: false,
          }).audio,
      ),
    );
    const written = await fs.readFile(target);
    assert.deepEqual(
      edge.server.requests.map((r) => r.text),
      SENTENCES,
    );
    assert.equal(
      written.length,
      edge.server.requests.reduce((n, r) => n + r.audioBytesSent, 0),
    );
    assert.ok(written.equals(expected), 'file bytes are the bytes the server sent');
    assert.deepEqual(outcome, { kind: 'saved', bytes: written.length, segments: 3, retries: 0 });
    assert.deepEqual(progress, [
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    assert.deepEqual(await fs.readdir(dir), ['notes.mp3']);
  });

  it('a request dropped once is resumed from its last word, and the file completed', async () => {
    edge.server.setOptions({ fault: 'dropMidAudio', faultOnRequest: 2 });
    const outcome = await exportMp3(options());
    assert.equal(outcome.kind === 'saved' && outcome.retries, 1);
    assert.equal(edge.server.requests.length, 4);
    const resumed = edge.server.requests[2]!;
    assert.ok(
      SENTENCES[1]!.endsWith(resumed.text) && resumed.text.length < SENTENCES[1]!.length,
      `resumed mid-sentence: "${resumed.text}"`,
    );
    const written = await fs.readFile(target);
    assert.equal(
      written.length,
      edge.server.requests.reduce((n, r) => n + r.audioBytesSent, 0),
    );
    assert.deepEqual(await fs.readdir(dir), ['notes.mp3']);
  });

  it('a long reading planned like a real one (several 4096-byte requests) is saved whole', async () => {
    edge.server.setOptions({ charsPerSecond: 1500 }); // keep ~9 KB of text to a few seconds of audio
    const text = SENTENCES.join(' ').repeat(60); // ~9 KB: at least three requests
    const plan = planReading([{ text, offset: 0 }]);
    assert.ok(plan.segments.length >= 3);
    await exportMp3(options({ segments: plan.segments }));
    const written = await fs.readFile(target);
    assert.equal(edge.server.requests.length, plan.segments.length);
    assert.equal(
      written.length,
      edge.server.requests.reduce((n, r) => n + r.audioBytesSent, 0),
    );
  });

  it('cancel mid-stream: no file, no part file, and the socket is closed at once', async () => {
    edge.server.setOptions({ speedFactor: 1, firstAudioDelayMs: 20 }); // real time, so the audio is still coming when we cancel
    const controller = new AbortController();
    const closed = edge.server.nextClose(5000);
    const exporting = exportMp3(options({ segments: [{ text: SENTENCES.join(' ').repeat(4) }], signal: controller.signal }));

    // Cancel once some audio is on disk, so the part file really exists and must be cleaned up.
    await waitFor(async () => (await partFileSizes(dir)).some((size) => size > 0), 5000, 'audio in the part file');
    const cancelledAt = performance.now();
    controller.abort();
    assert.deepEqual(await exporting, { kind: 'cancelled' });

    const { at, connection } = await closed;
    // Prompt, not after the seconds of audio still to come.
    assert.ok(at - cancelledAt < 1000, `socket closed ${Math.round(at - cancelledAt)} ms after cancel`);
    assert.equal(connection.closedBy, 'client');
    assert.equal(connection.requests[0]?.turnEndAt, undefined, 'the cancel was mid-stream');
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('cancel between requests: nothing left behind, no further request made', async () => {
    const controller = new AbortController();
    const outcome = await exportMp3(
      options({
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 1) {
            controller.abort();
          }
        },
      }),
    );
    assert.deepEqual(outcome, { kind: 'cancelled' });
    assert.equal(edge.server.requests.length, 1);
    assert.deepEqual(await fs.readdir(dir), []);
  });

  it('already cancelled: does nothing at all', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await exportMp3(options({ signal: controller.signal })), { kind: 'cancelled' });
    assert.equal(edge.server.connections.length, 0);
    assert.deepEqual(await fs.readdir(dir), []);
  });

  describe('a server fault: the SpeechError, and no file', () => {
    async function expectFailure(overrides: Parameters<FakeEdgeServer['setOptions']>[0], kind: string): Promise<void> {
      edge.server.setOptions(overrides);
      await fs.writeFile(target, 'the previous export');
      await assert.rejects(exportMp3(options()), (error: unknown) => isSpeechError(error) && error.kind === kind);
      // The earlier file of that name is untouched, and no part file remains.
      assert.deepEqual(await fs.readdir(dir), ['notes.mp3']);
      assert.equal(await fs.readFile(target, 'utf8'), 'the previous export');
    }

    it('the connection keeps dropping mid-audio', () => expectFailure({ fault: 'dropMidAudio' }, 'interrupted'));
    it('403 from the third request on, after audio was written', () =>
      expectFailure({ fault: 'forbidden', faultFromRequest: 3 }, 'forbidden'));
    it('no audio', () => expectFailure({ fault: 'noAudio' }, 'noAudio'));

    it('with no earlier file: nothing at all', async () => {
      edge.server.setOptions({ fault: 'dropMidAudio' });
      await assert.rejects(exportMp3(options()), isSpeechError);
      assert.deepEqual(await fs.readdir(dir), []);
    });
  });

  describe('a repository that planted files next to the target', () => {
    const VICTIM = 'export PATH=$HOME/bin:$PATH\n';
    let victim: string;

    beforeEach(async () => {
      // The victim lives outside the export folder, like ~/.bashrc.
      victim = path.join(dir, '..', `${path.basename(dir)}-victim`);
      await fs.writeFile(victim, VICTIM);
    });
    afterEach(async () => {
      await fs.rm(victim, { force: true });
    });

    it('notes.mp3.part -> victim: the victim is untouched, the link left alone, the MP3 saved', async () => {
      await fs.symlink(victim, `${target}.part`);
      const outcome = await exportMp3(options());
      assert.equal(outcome.kind, 'saved');
      assert.equal(await fs.readFile(victim, 'utf8'), VICTIM);
      assert.equal(await fs.readlink(`${target}.part`), victim, 'the planted link is not ours to touch');
      assert.deepEqual((await fs.readdir(dir)).sort(), ['notes.mp3', 'notes.mp3.part']);
      assert.equal((await fs.lstat(target)).isFile(), true);
      assert.equal((await fs.readFile(target)).length, outcome.kind === 'saved' ? outcome.bytes : -1);
    });

    it('notes.mp3.part -> victim, export cancelled: the victim is untouched and nothing of ours is left', async () => {
      await fs.symlink(victim, `${target}.part`);
      const controller = new AbortController();
      const outcome = await exportMp3(options({ signal: controller.signal, onProgress: (done) => done === 1 && controller.abort() }));
      assert.deepEqual(outcome, { kind: 'cancelled' });
      assert.equal(await fs.readFile(victim, 'utf8'), VICTIM);
      assert.deepEqual(await fs.readdir(dir), ['notes.mp3.part']);
    });

    it('the chosen name itself is a link (notes.mp3 -> victim): the link is replaced by the MP3, the victim untouched', async () => {
      await fs.symlink(victim, target);
      assert.equal((await exportMp3(options())).kind, 'saved');
      assert.equal(await fs.readFile(victim, 'utf8'), VICTIM);
      assert.equal((await fs.lstat(target)).isFile(), true);
    });

    it('every part file name is new: a planted file of that name is never opened', () => {
      const names = new Set(Array.from({ length: 100 }, () => path.basename(partPathFor(target))));
      assert.equal(names.size, 100);
      for (const name of names) assert.match(name, /^notes\.mp3\.[0-9a-f]{12}\.part$/);
    });
  });

  it('two exports to one target at once: separate part files, one complete MP3, nothing left over', async () => {
    const seen = new Set<string>();
    const watch = setInterval(() => {
      void fs.readdir(dir).then(
        (names) => names.filter((n) => n.endsWith('.part')).forEach((n) => seen.add(n)),
        () => undefined,
      );
    }, 2);
    try {
      const [first, second] = await Promise.all([exportMp3(options()), exportMp3(options({ segments: [{ text: SENTENCES[2]! }] }))]);
      assert.equal(first.kind, 'saved');
      assert.equal(second.kind, 'saved');
      const written = await fs.readFile(target);
      const sizes = [first, second].map((o) => (o.kind === 'saved' ? o.bytes : -1));
      assert.ok(sizes.includes(written.length), `the file is one export whole (${written.length} bytes; exports ${sizes.join(', ')})`);
    } finally {
      clearInterval(watch);
    }
    assert.ok(seen.size >= 2, `part files seen: ${[...seen].join(', ')}`);
    assert.deepEqual(await fs.readdir(dir), ['notes.mp3']);
  });

  it('an unwritable target: the file error, and no part file', async () => {
    const missing = path.join(dir, 'no-such-folder', 'notes.mp3');
    await assert.rejects(exportMp3(options({ targetPath: missing })), /ENOENT/);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(edge.server.connections.length, 0);
  });
});
