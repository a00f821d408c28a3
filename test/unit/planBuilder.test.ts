import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportMp3 } from '../../src/export/exportMp3';
import type { EngineSettings } from '../../src/engines/engineChoice';
import { LazyReadingPlan } from '../../src/reading/lazyReadingPlan';
import type { TextSettings } from '../../src/reading/passagePreparer';
import { isEmptyPlan, PlanBuilder, type PlanHost, type PlanRequest } from '../../src/reading/planBuilder';
import type { HighlightSettings } from '../../src/settings/highlightSettings';
import { DEFAULT_SPEECH_SETTINGS, type SettingsProblem } from '../../src/settings/speechSettings';
import type { VoiceStore } from '../../src/voices/voiceCache';
import { voiceFallbackResolver } from '../../src/voices/voiceFallback';
import { useLocalEdgeServer } from './localEdgeServer';

/** Settings a test can change between plans, and everything the builder told the user. */
class FakeSettings {
  textProblems: string[] = [];
  highlightProblems: string[] = [];
  speechProblems: SettingsProblem[] = [];
  engineProblems: string[] = [];
  pronunciations: TextSettings['pronunciations'] = [];
  voice = DEFAULT_SPEECH_SETTINGS.voice;
  /** What `voicesByLanguage` would pick, by language id. */
  voicesByLanguage = new Map<string, string>();
  readonly warnings: Array<{ message: string; setting?: string }> = [];
  readonly announced: Array<[string, string]> = [];
  readonly logged: string[] = [];

  host(voiceFallback?: (rejected: string) => Promise<string | undefined>): PlanHost<{ uri: string }> {
    return {
      readTextSettings: () => ({
        settings: { codeBlocks: 'announce', codeFiles: 'comments', pronunciations: this.pronunciations, codeSpeech: true },
        problems: this.textProblems,
      }),
      readHighlightSettings: () => ({
        settings: { highlight: 'sentence', followInEditor: false } satisfies HighlightSettings,
        problems: this.highlightProblems,
      }),
      readSpeechSettings: () => ({ settings: { ...DEFAULT_SPEECH_SETTINGS, voice: this.voice }, problems: this.speechProblems }),
      readEngineSettings: () => ({
        settings: { mode: 'auto', systemVoice: undefined } satisfies EngineSettings,
        problems: this.engineProblems,
      }),
      voiceFor: (languageId, _sample, defaultVoice) => this.voicesByLanguage.get(languageId) ?? defaultVoice,
      warn: (message, setting) => this.warnings.push(setting === undefined ? { message } : { message, setting }),
      announceVoiceFallback: (from, to) => this.announced.push([from, to]),
      ...(voiceFallback ? { voiceFallback } : {}),
      log: (line) => this.logged.push(line),
    };
  }

  /** The warnings so far, and forgets them. */
  takeWarnings(): string[] {
    return this.warnings.splice(0).map((w) => w.message);
  }
}

const selection: PlanRequest<{ uri: string }> = {
  passages: [{ text: 'Hello there. How are you?', offset: 0 }],
  languageId: 'plaintext',
  mode: 'selection',
  scope: { uri: 'file:///notes.txt' },
};

/** What a reading does with the builder before its first request. */
async function planAsReading(builder: PlanBuilder<{ uri: string }>, request = selection) {
  const text = builder.planText(request);
  await Promise.resolve(); // a reading does not wait: its first window is ready at once
  return { highlight: text.highlight, plan: text.plan, speech: builder.planSpeech(request) };
}

/** What Save as MP3 does with the builder before it asks where to save. */
async function planAsExport(builder: PlanBuilder<{ uri: string }>, request = selection) {
  const { plan } = builder.planText(request);
  await plan.prepareAll();
  return { plan, speech: builder.planSpeech(request) };
}

describe('plan builder: one plan, one set of warnings, for readings and Save as MP3', () => {
  it('shows each settings problem once per change, not again at every reading (or every Next Sentence restart)', async () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.textProblems = ['readAloud.codeFiles must be one of comments, all; using comments.'];
    settings.speechProblems = [{ setting: 'speed', message: 'readAloud.speed must be a number; using 1.' }];
    settings.engineProblems = ['readAloud.engine must be one of auto, edge, system; using auto.'];

    await planAsReading(builder);
    assert.deepEqual(settings.warnings, [
      { message: 'Read Aloud: readAloud.codeFiles must be one of comments, all; using comments.' },
      { message: 'Read Aloud: readAloud.speed must be a number; using 1.', setting: 'speed' },
      { message: 'Read Aloud: readAloud.engine must be one of auto, edge, system; using auto.' },
    ]);
    settings.takeWarnings();

    await planAsReading(builder);
    await planAsReading(builder);
    assert.deepEqual(settings.takeWarnings(), [], 'the same problems: nothing new to say');

    // One setting changes: its problems are said again; the others stay quiet.
    settings.speechProblems = [{ setting: 'pitch', message: 'readAloud.pitch must be a number; using 0.' }];
    await planAsReading(builder);
    assert.deepEqual(settings.takeWarnings(), ['Read Aloud: readAloud.pitch must be a number; using 0.']);

    // Fixed, then broken the same way again: that is a change, so it is said again.
    settings.textProblems = [];
    await planAsReading(builder);
    settings.textProblems = ['readAloud.codeFiles must be one of comments, all; using comments.'];
    await planAsReading(builder);
    assert.deepEqual(settings.takeWarnings(), ['Read Aloud: readAloud.codeFiles must be one of comments, all; using comments.']);
  });

  it('a thousand problems are the first three and one line counting the rest, with the highlight settings among them', async () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.textProblems = Array.from({ length: 1000 }, (_, n) => `readAloud.pronunciations: rule ${n} is not valid.`);
    settings.highlightProblems = ['readAloud.highlight must be one of word, sentence, off; using word.'];
    const { highlight } = await planAsReading(builder);
    assert.deepEqual(highlight, { highlight: 'sentence', followInEditor: false }, 'the highlight settings come back for the editor');
    const warnings = settings.takeWarnings();
    assert.equal(warnings.length, 4);
    assert.match(warnings[3]!, /998 more problems with the Read Aloud settings/);
  });

  it('Save as MP3 gives the same settings warnings as a reading, and does not repeat one a reading gave', async () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.textProblems = ['readAloud.markdown.codeBlocks must be one of skip, announce, read; using announce.'];
    settings.speechProblems = [{ setting: 'voice', message: 'readAloud.voice is not an Edge voice name; using en-US-AvaNeural.' }];
    await planAsExport(builder);
    const fromExport = settings.takeWarnings();
    assert.deepEqual(fromExport, [
      'Read Aloud: readAloud.markdown.codeBlocks must be one of skip, announce, read; using announce.',
      'Read Aloud: readAloud.voice is not an Edge voice name; using en-US-AvaNeural.',
    ]);

    await planAsReading(builder);
    assert.deepEqual(settings.takeWarnings(), [], 'a reading after the export: already said');

    settings.engineProblems = ['readAloud.systemVoice is not a voice name; using the default.'];
    await planAsReading(builder);
    settings.takeWarnings();
    await planAsExport(builder);
    assert.deepEqual(settings.takeWarnings(), [], 'an export after the reading: already said');
  });

  it('a reading and an export of the same text get the same segments and the same voice', async () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.voicesByLanguage.set('markdown', 'en-GB-SoniaNeural');
    const doc: PlanRequest<{ uri: string }> = {
      passages: [{ text: '# Title\n\nSome **bold** prose with `code`.\n\n```js\nlet x = 1;\n```\n\nThe end.', offset: 0 }],
      languageId: 'markdown',
      mode: 'document',
    };
    const reading = await planAsReading(builder, doc);
    const exported = await planAsExport(builder, doc);
    assert.ok(reading.plan instanceof LazyReadingPlan, 'a Markdown document is read window by window');
    assert.ok(exported.plan.complete, 'an export is prepared to its end before it starts');
    const readSegments = [...reading.plan.segmentsInOrder()].map((s) => s.text);
    assert.deepEqual(
      readSegments,
      exported.plan.segments.map((s) => s.text),
    );
    assert.match(readSegments.join(' '), /Some bold prose/);
    assert.equal(reading.speech.settings.voice, 'en-GB-SoniaNeural');
    assert.equal(exported.speech.settings.voice, 'en-GB-SoniaNeural');
  });

  it('tells of a pronunciation limit once per plan, in an export too', async () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.pronunciations = [{ from: 'a', to: 'a very long replacement for one letter', wholeWord: false }];
    const text = 'a '.repeat(2000);
    const request: PlanRequest<{ uri: string }> = {
      ...selection,
      passages: [
        { text, offset: 0 },
        { text, offset: 5000 },
      ],
    };
    await planAsExport(builder, request);
    const warnings = settings.takeWarnings();
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!, /pronunciations would make this text more than three times as long/);
  });

  it('empty text gives an empty plan, lazily or whole', async () => {
    const builder = new PlanBuilder(new FakeSettings().host());
    const blank: PlanRequest<{ uri: string }> = { passages: [{ text: ' \n\t ', offset: 0 }], languageId: 'plaintext', mode: 'document' };
    assert.equal(isEmptyPlan((await planAsReading(builder, blank)).plan), true);
    assert.equal(isEmptyPlan((await planAsExport(builder, blank)).plan), true);
    assert.equal(isEmptyPlan((await planAsExport(builder)).plan), false);
  });

  it('a replaced voice is logged every time and told to the user once per session', () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    builder.voiceFellBack('en-US-RetiredNeural', 'en-US-AndrewNeural');
    builder.voiceFellBack('en-US-RetiredNeural', 'en-US-AndrewNeural');
    builder.voiceFellBack('de-DE-GoneNeural', 'de-DE-KatjaNeural');
    assert.deepEqual(settings.announced, [
      ['en-US-RetiredNeural', 'en-US-AndrewNeural'],
      ['de-DE-GoneNeural', 'de-DE-KatjaNeural'],
    ]);
    assert.equal(settings.logged.filter((line) => line.includes('en-US-RetiredNeural')).length, 2);
  });

  it('after a voice fell back, later plans of the session start with its replacement', () => {
    const settings = new FakeSettings();
    const builder = new PlanBuilder(settings.host());
    settings.voice = 'en-US-RetiredNeural';
    assert.equal(builder.planSpeech(selection).settings.voice, 'en-US-RetiredNeural', 'nothing known yet');
    builder.voiceFellBack('en-US-RetiredNeural', 'en-US-AndrewNeural');
    assert.equal(builder.planSpeech(selection).settings.voice, 'en-US-AndrewNeural');
    // A voice from readAloud.voicesByLanguage is replaced the same way; other voices are left alone.
    settings.voice = 'en-GB-SoniaNeural';
    assert.equal(builder.planSpeech(selection).settings.voice, 'en-GB-SoniaNeural');
    settings.voicesByLanguage.set('plaintext', 'en-US-RetiredNeural');
    assert.equal(builder.planSpeech(selection).settings.voice, 'en-US-AndrewNeural');
  });

  it('synthesis options: the voice fallback for readings, none for a voice sample', () => {
    const fallback = () => Promise.resolve('en-US-AndrewNeural');
    const builder = new PlanBuilder(new FakeSettings().host(fallback));
    const settings = { ...DEFAULT_SPEECH_SETTINGS, voice: 'en-GB-SoniaNeural', speed: 3 };
    const reading = builder.synthesisOptions(settings, { voiceFallback: true });
    assert.equal(reading.voiceFallback, fallback);
    assert.equal(reading.voice.voice, 'en-GB-SoniaNeural');
    assert.equal(builder.synthesisOptions(settings, { voiceFallback: false }).voiceFallback, undefined);
    const session = builder.sessionPlan({ passages: [], segments: [], spokenLength: 0 }, settings, 'edge', {
      systemVoice: undefined,
      wordBoundaries: true,
      voiceFallback: true,
    });
    assert.equal(session.playbackRate, 1.5, 'speed 3: the service reads at 2, the player makes up the rest');
    assert.equal(session.synthesis.wordBoundaries, true);
  });
});

describe('Save as MP3 with a voice the service no longer offers (plan builder + export, local Edge server)', function () {
  this.timeout(20_000);
  const edge = useLocalEdgeServer({ firstAudioDelayMs: 20, speedFactor: 20, charsPerSecond: 15 });
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'read-aloud-plan-export-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("is saved in the language's default voice, the user is told once, and the next plan starts with that voice", async () => {
    const data = new Map<string, unknown>();
    const store: VoiceStore = {
      get: <T>(key: string) => data.get(key) as T | undefined,
      update: (key, value) => Promise.resolve(void data.set(key, value)),
    };
    const settings = new FakeSettings();
    settings.voice = 'en-US-RetiredNeural';
    const builder = new PlanBuilder(settings.host(voiceFallbackResolver({ store, voicesUrl: () => edge.server.voicesUrl })));

    // What saveAsMp3 does once the user chose the file.
    const export1 = async (name: string) => {
      const { plan, speech } = await planAsExport(builder);
      return exportMp3({
        segments: plan.segments,
        synthesis: builder.synthesisOptions(speech.settings, { voiceFallback: true }),
        targetPath: path.join(dir, name),
        signal: new AbortController().signal,
        onVoiceFallback: (from, to) => builder.voiceFellBack(from, to),
      });
    };
    const first = await export1('first.mp3');
    assert.equal(first.kind, 'saved');
    assert.ok((await fs.stat(path.join(dir, 'first.mp3'))).size > 0);
    assert.deepEqual(
      edge.server.requests.map((r) => r.voice),
      ['en-US-RetiredNeural', 'en-US-AndrewNeural'],
    );
    assert.deepEqual(settings.announced, [['en-US-RetiredNeural', 'en-US-AndrewNeural']]);

    edge.server.reset();
    assert.equal((await export1('second.mp3')).kind, 'saved');
    assert.deepEqual(
      edge.server.requests.map((r) => r.voice),
      ['en-US-AndrewNeural'],
      'the removed voice is not asked for again',
    );
    assert.equal(settings.announced.length, 1, 'told once');
  });
});
