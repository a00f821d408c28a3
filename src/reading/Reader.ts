import * as vscode from 'vscode';
import {
  CONFIG_SECTION,
  openSetting,
  readEngineSettings,
  readHighlightSettings,
  readSpeechSettings,
  readTextSettings,
  saveUserSetting,
} from '../config';
import { edgeEngine } from '../engines/edgeEngine';
import type { EngineId, SpeechEngine } from '../engines/speechEngine';
import { systemBackendFor, systemEngine } from '../engines/system/systemEngine';
import { ReadingHighlighter } from '../editor/ReadingHighlighter';
import { ReadingStatusBar } from '../editor/ReadingStatusBar';
import { PRONUNCIATION_LIMIT_MESSAGE, settingProblemMessage, speechFailedMessage } from '../notifications/messages';
import type { PlayerView } from '../player/PlayerView';
import { ReaderFeed } from '../player/readerFeed';
import { SpeechSession, type SessionOutcome, type SessionPlan, type SessionState } from '../session/SpeechSession';
import { SettingProblemsOnce, summarizeProblems } from '../settings/settingProblems';
import { MAX_SERVICE_SPEED, planSpeed, SPEED_RANGE, voiceOptionsFor, type SpeechSettings } from '../settings/speechSettings';
import { MAX_CAPTION_LENGTH, MAX_PLAYBACK_RATE, MIN_PLAYBACK_RATE } from '../shared/protocol';
import type { SpeechError } from '../speech/speechError';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, type SynthesisOptions } from '../speech/synthesizeSpeech';
import { readingVoiceFor } from '../voices/readingVoice';
import { EngineFallback } from './EngineFallback';
import { LazyReadingPlan, readingPlanFor } from './lazyReadingPlan';
import { planReading, type ReadingPlan, type SourcePassage } from './readingPlan';
import { planSentenceJump, SeekSettler } from './sentenceJump';
import { WordTimeline } from './wordTimeline';

/** Context key: true from the moment a reading starts until its sound ends; guards the Escape keybinding. */
export const SPEAKING_CONTEXT_KEY = 'readAloud.speaking';

/** Synthesis runs at most this far ahead of playback: gapless, yet a stop wastes little. */
const AHEAD_LIMIT_SECONDS = 60;
/** The system voice renders a sentence in milliseconds: a short look-ahead is gapless and keeps a stop cheap. */
const SYSTEM_AHEAD_LIMIT_SECONDS = 15;
const PLAYER_READY_TIMEOUT_MS = 10_000;
/** "Previous sentence" restarts the current one when it has been playing longer than this. */
const RESTART_SENTENCE_AFTER_SECONDS = 3;
const SPEED_STEP = 0.25;
const VOICE_SAMPLE_CHARS = 4000;

/** What the user asked to read, and from where. */
export interface ReadingRequest {
  /** The document read; absent for text that lives in no editor (the clipboard, a hover, an agent's message). */
  readonly document?: vscode.TextDocument;
  /** The language of text without a document (e.g. `markdown`); a document's own language wins. */
  readonly languageId?: string;
  readonly passages: readonly SourcePassage[];
  /** A selection is read as selected; a document by its prose (Markdown without syntax, code by its comments). */
  readonly mode: 'selection' | 'document';
  /** Shown in messages, e.g. "selection". */
  readonly description: string;
}

/** A reading is over: where it was, so it can be continued later. */
export interface ReadingEnded {
  readonly document: vscode.TextDocument;
  readonly mode: ReadingRequest['mode'];
  readonly outcome: 'finished' | 'stopped' | 'failed';
  /** Document offset (as the document is now) of the sentence being heard; undefined if edited away. */
  readonly sentenceStart: number | undefined;
}

/** Everything about the reading in progress. */
interface CurrentReading {
  readonly request: ReadingRequest;
  readonly session: SpeechSession;
  readonly plan: ReadingPlan | LazyReadingPlan;
  readonly timeline: WordTimeline;
  /** Who speaks: Edge, or the system voice (chosen, or fallen back to). */
  readonly engine: EngineId;
  /** The speed the service was asked for; the player makes up the rest of the user's speed. */
  readonly serviceSpeed: number;
  currentTime: number;
  sentenceIndex: number;
  /** `performance.now()` when the user asked; cleared once the first sound is logged. */
  requestedAt: number | undefined;
  /** The sentence last shown in the player's caption. */
  captionIndex: number;
  /** Drops progress reports still on their way from before a seek. */
  readonly seekSettler: SeekSettler;
  /** The reader view in the player: the text around the sentence being heard. */
  readonly readerFeed: ReaderFeed;
}

/**
 * Owns "the current reading". Starting a reading stops the previous one first, so two readings never
 * overlap; everything about one reading lives in its SpeechSession, and its highlight in the highlighter.
 */
export class Reader implements vscode.Disposable {
  private reading: CurrentReading | undefined;
  /** A voice sample from the voice picker; it has no document, so it is not a `CurrentReading`. */
  private previewSession: SpeechSession | undefined;
  private nextReadingId = 1;
  private readonly fallback: EngineFallback;
  private readonly statusBar = new ReadingStatusBar();
  private readonly highlighter = new ReadingHighlighter();
  private readonly settingProblems = new SettingProblemsOnce();
  private readonly stateListeners = new Set<(readingId: number, state: SessionState) => void>();
  private readonly startListeners = new Set<(session: SpeechSession) => void>();
  private readonly endListeners = new Set<(ended: ReadingEnded) => void>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Voices already reported as replaced: said once per session, not at every reading. */
  private readonly announcedVoiceFallbacks = new Set<string>();

  constructor(
    private readonly player: PlayerView,
    private readonly log: vscode.LogOutputChannel,
    /** The voice to use when the service no longer offers the chosen one (voiceFallback.ts). */
    private readonly voiceFallback?: (rejectedVoice: string) => Promise<string | undefined>,
  ) {
    this.fallback = new EngineFallback(log);
    this.disposables.push(
      // The sound lives in the player: without it the reading is over (and its socket must close).
      player.onDidDisposeView(() => this.stop()),
      // A sentence chosen in the reader view: read from there (a seek when its audio is buffered).
      player.onMessage((message) => {
        const reading = this.reading;
        if (
          message.type === 'jumpToSentence' &&
          reading &&
          message.readingId === reading.session.readingId &&
          message.sentence < reading.timeline.sentences.length
        ) {
          void this.jumpToSentence(reading, message.sentence);
        }
      }),
      // The highlight settings apply at once, to a reading in progress too.
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.highlight`) || event.affectsConfiguration(`${CONFIG_SECTION}.followInEditor`)) {
          this.highlighter.configure(readHighlightSettings().settings);
        }
      }),
      // Closing the file being read stops the reading rather than leaving a voice with nothing on screen.
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        const document = this.reading?.request.document;
        if (document && event.closed.length > 0 && !isShownInAnyTab(document.uri)) {
          this.stop();
        }
      }),
    );
  }

  get currentSession(): SpeechSession | undefined {
    return this.reading?.session;
  }

  /** Who speaks the current reading. */
  get currentEngine(): EngineId | undefined {
    return this.reading?.engine;
  }

  /** The document offset the current reading starts from (for tests: a fallback goes on, it does not start over). */
  get currentReadingStart(): number | undefined {
    const first = this.reading?.request.passages[0];
    return first && (first.from ?? first.offset);
  }

  /** For tests: every state change of every reading. */
  onStateChange(listener: (readingId: number, state: SessionState) => void): vscode.Disposable {
    this.stateListeners.add(listener);
    return new vscode.Disposable(() => this.stateListeners.delete(listener));
  }

  /**
   * Every reading's end, told synchronously as it ends (a stop on window close included), while its
   * highlight still knows the edits made during the reading.
   */
  onReadingEnded(listener: (ended: ReadingEnded) => void): vscode.Disposable {
    this.endListeners.add(listener);
    return new vscode.Disposable(() => this.endListeners.delete(listener));
  }

  /** Every reading as it starts (voice previews aside): its first state, 'starting', is not a change. */
  onDidStartReading(listener: (session: SpeechSession) => void): vscode.Disposable {
    this.startListeners.add(listener);
    return new vscode.Disposable(() => this.startListeners.delete(listener));
  }

  /**
   * Starts reading and resolves with its session once its first window is prepared (not when the reading
   * ends); undefined if there is nothing to read. `engine` forces an engine (a fallback, or Retry Edge);
   * otherwise `readAloud.engine` decides.
   */
  read(request: ReadingRequest, engine?: EngineId): Promise<SpeechSession | undefined> {
    // The first window is prepared at once, so nothing is awaited; a failure still rejects, as before.
    try {
      return Promise.resolve(this.startReading(request, engine));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private startReading(request: ReadingRequest, engine?: EngineId): SpeechSession | undefined {
    const requestedAt = performance.now();
    this.stop();
    const languageId = request.document?.languageId ?? request.languageId ?? 'plaintext';
    const text = readTextSettings(request.document);
    const highlight = readHighlightSettings();
    this.highlighter.configure(highlight.settings);
    // Once per change of the settings, and only the first few: a workspace could list thousands.
    const textProblems = [
      ...this.settingProblems.take('text', text.problems, String),
      ...this.settingProblems.take('highlight', highlight.problems, String),
    ];
    for (const problem of summarizeProblems(textProblems, 'the Read Aloud settings')) {
      void vscode.window.showWarningMessage(settingProblemMessage(problem));
    }
    let pronunciationLimitShown = false;
    const onPronunciationLimit = (): void => {
      if (!pronunciationLimitShown) {
        pronunciationLimitShown = true;
        void vscode.window.showWarningMessage(PRONUNCIATION_LIMIT_MESSAGE);
      }
    };
    // Made ready window by window (documents, selections, code files alike): the first request leaves as
    // soon as the first window is ready, the rest is prepared as it is needed or in the background.
    const plan = readingPlanFor(request.passages, { ...text.settings, onPronunciationLimit, languageId, mode: request.mode });
    if (!plan.hasSegment(0)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Read Aloud: nothing to read — the {0} is empty or only whitespace.', request.description),
      );
      return undefined;
    }
    const { settings, problems } = readSpeechSettings();
    for (const problem of this.settingProblems.take('speech', problems, (p) => p.message)) {
      void vscode.window.showWarningMessage(settingProblemMessage(problem.message), vscode.l10n.t('Open Settings')).then((choice) => {
        if (choice) {
          void openSetting(problem.setting);
        }
      });
    }
    const engines = readEngineSettings();
    for (const problem of summarizeProblems(this.settingProblems.take('engine', engines.problems, String), 'the Read Aloud settings')) {
      void vscode.window.showWarningMessage(settingProblemMessage(problem));
    }
    const engineId = engine ?? this.fallback.engineForNewReading();
    // The voice is chosen from a sample (pickVoiceFor looks at the first 2000 characters anyway).
    const sample = request.passages.map((p) => p.text.slice(0, VOICE_SAMPLE_CHARS)).join('\n');
    const voice = readingVoiceFor({ languageId }, sample, settings.voice, this.log);
    const readingId = this.nextReadingId++;
    const timeline = new WordTimeline(plan);
    const session: SpeechSession = new SpeechSession(
      readingId,
      this.player,
      sessionPlan(plan, { ...settings, voice }, true, engineId, engines.settings.systemVoice, this.synthesisExtras()),
      {
        onStateChange: (state) => this.onSessionState(session, state),
        onWord: (report) => {
          const word = timeline.add(report);
          if (word && this.reading?.session === session) {
            this.reading.readerFeed.addWord(word.sentenceIndex, word.inSentence, word.startSeconds);
          }
        },
        onSentence: (sentence) => timeline.addSentence(sentence),
        onSegment: () => {
          if (this.reading?.session === session) {
            this.reading.readerFeed.flushWords();
          }
        },
        onProgress: (seconds) => this.onProgress(session, seconds),
        onError: (error) => this.onSynthesisError(session, error),
        onRetry: (retry) =>
          this.log.warn(
            `Reading ${readingId}: request ${retry.segmentIndex + 1} failed (${retry.error.kind}); resuming, attempt ${retry.attempt}`,
          ),
        onVoiceFallback: ({ from, to }) => this.announceVoiceFallback(from, to),
      },
    );
    this.reading = {
      request,
      session,
      plan,
      timeline,
      engine: engineId,
      // The system voice speaks at the whole speed itself; Edge is asked for up to MAX_SERVICE_SPEED.
      serviceSpeed: engineId === 'system' ? settings.speed : Math.min(settings.speed, MAX_SERVICE_SPEED),
      currentTime: 0,
      sentenceIndex: 0,
      requestedAt,
      captionIndex: -1,
      seekSettler: new SeekSettler(),
      readerFeed: new ReaderFeed(readingId, (message) => this.player.post(message), {
        get sentenceCount() {
          return timeline.sentences.length;
        },
        sentenceText: (index) => timeline.sentenceText(index),
      }),
    };
    // The user's text stays out of the log unless they turn on readAloud.debug.logText.
    const logText = vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('debug.logText') === true;
    this.log.info(
      `Reading ${readingId}: ${engineId === 'system' ? `system voice (${systemBackendFor(process.platform).name}${engines.settings.systemVoice ? ` ${engines.settings.systemVoice}` : ''})` : `voice ${voice}`}, speed ${settings.speed}`,
    );
    if (request.document) {
      this.highlighter.begin(request.document);
    } else {
      this.highlighter.clear();
    }
    void this.setSpeaking(true);
    this.statusBar.show('starting');
    session.start(this.player.ensureReady(PLAYER_READY_TIMEOUT_MS));
    const logPlanReady = (): void =>
      this.log.info(
        `Reading ${readingId}: ${plan.spokenLength} characters in ${plan.segments.length} request(s), ready ${Math.round(performance.now() - requestedAt)} ms after the command` +
          (logText ? `: ${JSON.stringify(plan.segments.map((segment) => segment.text).join(' '))}` : ''),
      );
    if (plan instanceof LazyReadingPlan) {
      plan.prepareRest(session.signal, logPlanReady);
    } else {
      logPlanReady();
    }
    void session.outcome.then((outcome) => this.onSessionOver(session, outcome));
    for (const listener of [...this.startListeners]) {
      listener(session);
    }
    return session;
  }

  stop(): void {
    this.reading?.session.stop();
    this.previewSession?.stop();
  }

  /**
   * Speaks `text` in `voice` with the user's speed, pitch and volume: the voice picker's sample. It stops
   * whatever was playing (the player plays one reading at a time) and has no highlight or status bar.
   */
  preview(text: string, voice: string, engine: EngineId = 'edge'): SpeechSession | undefined {
    this.stop();
    const plan = planReading([{ text, offset: 0 }]);
    if (plan.segments.length === 0) {
      return undefined;
    }
    const { settings } = readSpeechSettings();
    const readingId = this.nextReadingId++;
    const session = new SpeechSession(
      readingId,
      this.player,
      // No fallback: a sample of another voice than the one picked would mislead.
      sessionPlan(plan, { ...settings, voice }, false, engine, voice, { log: this.synthesisExtras().log }),
      // Failures are the caller's to show (from `outcome`); listeners still see every state, as for readings.
      { onStateChange: (state) => [...this.stateListeners].forEach((listener) => listener(readingId, state)) },
    );
    this.previewSession = session;
    this.log.info(`Preview ${readingId}: voice ${voice}`);
    session.start(this.player.ensureReady(PLAYER_READY_TIMEOUT_MS));
    void session.outcome.then((outcome) => {
      this.log.info(`Preview ${readingId} ${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.error.message}` : ''}`);
      if (this.previewSession === session) {
        this.previewSession = undefined;
      }
    });
    return session;
  }

  togglePause(): void {
    const session = this.reading?.session;
    if (session) {
      session.setPaused(session.currentState !== 'paused');
    }
  }

  /** Skips to the next sentence: a seek when the player holds its audio, else a new reading from there. */
  async nextSentence(): Promise<SpeechSession | undefined> {
    const reading = this.reading;
    if (!reading) {
      return undefined;
    }
    const next = reading.sentenceIndex + 1;
    // A big document may still be being made ready: the next sentence may just not be known yet.
    while (next >= reading.timeline.sentences.length && reading.plan instanceof LazyReadingPlan && reading.plan.prepareNext()) {
      // prepare the next window
    }
    if (next >= reading.timeline.sentences.length) {
      this.stop();
      return undefined;
    }
    return this.jumpToSentence(reading, next);
  }

  /** Back to the previous sentence, or to the start of this one if it has been playing a while. */
  async previousSentence(): Promise<SpeechSession | undefined> {
    const reading = this.reading;
    if (!reading) {
      return undefined;
    }
    const startedAt = reading.timeline.sentenceStartSeconds(reading.sentenceIndex);
    const intoSentence = startedAt === undefined ? 0 : reading.currentTime - startedAt;
    const target = intoSentence > RESTART_SENTENCE_AFTER_SECONDS ? reading.sentenceIndex : Math.max(0, reading.sentenceIndex - 1);
    return this.jumpToSentence(reading, target);
  }

  /** Changes the speed setting by one step; a reading in progress follows at once through the player. */
  async changeSpeed(direction: 1 | -1): Promise<number> {
    const { settings } = readSpeechSettings();
    const speed = clamp(Math.round((settings.speed + direction * SPEED_STEP) * 100) / 100, SPEED_RANGE.min, SPEED_RANGE.max);
    if (!(await saveUserSetting('speed', speed))) {
      return settings.speed;
    }
    const reading = this.reading;
    if (reading?.engine === 'system') {
      // The system voice cannot be sped up in the player without changing its pitch: it goes on at the new speed from here.
      void this.continueFromHeard(reading, 'system');
    } else if (reading) {
      reading.session.setPlaybackRate(clamp(speed / reading.serviceSpeed, MIN_PLAYBACK_RATE, MAX_PLAYBACK_RATE));
    }
    vscode.window.setStatusBarMessage(vscode.l10n.t('Read Aloud: speed {0}×', speed), 2000);
    return speed;
  }

  dispose(): void {
    this.stop();
    this.disposables.splice(0).forEach((d) => void d.dispose());
    this.statusBar.dispose();
    this.highlighter.dispose();
    this.stateListeners.clear();
    this.startListeners.clear();
    this.endListeners.clear();
  }

  /** Instant when the player holds the sentence's audio (it keeps minutes of played audio too). */
  private async jumpToSentence(reading: CurrentReading, sentenceIndex: number): Promise<SpeechSession | undefined> {
    const jump = planSentenceJump(sentenceIndex, {
      sentenceStartSeconds: (index) => reading.timeline.sentenceStartSeconds(index),
      buffered: reading.session.bufferedRange,
    });
    // The system voice's audio is scheduled in Web Audio, which cannot seek: it always starts again there.
    if (jump.kind === 'restart' || reading.engine === 'system') {
      return this.restartAtSentence(reading, sentenceIndex);
    }
    reading.session.seek(jump.seconds);
    reading.seekSettler.seeked(jump.seconds, performance.now());
    this.showPosition(reading, jump.seconds);
    return reading.session;
  }

  private restartAtSentence(reading: CurrentReading, sentenceIndex: number): Promise<SpeechSession | undefined> | undefined {
    const sentence = reading.timeline.sentences[sentenceIndex];
    return sentence && this.restartFrom(reading, sentence.start, reading.engine);
  }

  /** Goes on from the last word heard (the start if none was), with `engine`: nothing unheard is lost. */
  private continueFromHeard(reading: CurrentReading, engine: EngineId): Promise<SpeechSession | undefined> | undefined {
    const heard = reading.timeline.wordAt(reading.currentTime);
    return heard ? this.restartFrom(reading, heard.range.start, engine) : this.read(reading.request, engine);
  }

  /** Reads again from `at`, an offset into the text as it was when the reading started (edits since are followed). */
  private restartFrom(reading: CurrentReading, at: number, engine: EngineId): Promise<SpeechSession | undefined> | undefined {
    const document = reading.request.document;
    if (!document) {
      // Text without a document cannot be edited: its passages are read again from `at` on.
      const passages = reading.request.passages
        .filter((passage) => passage.offset + passage.text.length > at)
        .map((passage) => ({ ...passage, from: Math.max(passage.offset, at) }));
      return this.read({ ...reading.request, passages }, engine);
    }
    const from = this.highlighter.mapOffset(at);
    if (from === undefined) {
      return undefined;
    }
    // Read from the sentence to the end of what was asked for, as the document is now. Each passage is
    // parsed whole (Markdown context) and spoken from the sentence on.
    const passages: SourcePassage[] = [];
    for (const passage of reading.request.passages) {
      const start = this.highlighter.mapOffset(passage.offset);
      const end = this.highlighter.mapOffset(passage.offset + passage.text.length);
      if (start === undefined || end === undefined || end <= from) {
        continue;
      }
      passages.push({
        offset: start,
        text: document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end))),
        from: Math.max(start, from),
      });
    }
    return this.read({ ...reading.request, passages }, engine);
  }

  private onSynthesisError(session: SpeechSession, error: SpeechError): void {
    const reading = this.reading;
    if (reading?.session !== session) {
      return;
    }
    // Edge could not go on: the system voice does, from the last word heard (readAloud.engine "auto").
    if (reading.engine === 'edge' && this.fallback.takeOver(error, session.readingId, () => void this.retryEdge())) {
      void this.continueFromHeard(reading, 'system');
    } else if (error.kind === 'engine') {
      this.fallback.showSystemVoiceError(error, () => void this.read(reading.request, 'edge'));
    } else {
      this.showError(error, reading.request);
    }
  }

  /** "Retry Edge": back to Edge now, from the word being heard if the system voice is reading. */
  async retryEdge(): Promise<SpeechSession | undefined> {
    this.fallback.edgeWorks();
    const reading = this.reading;
    return reading?.engine === 'system' ? this.continueFromHeard(reading, 'edge') : undefined;
  }

  private onProgress(session: SpeechSession, seconds: number): void {
    const reading = this.reading;
    if (!reading || reading.session !== session || !reading.seekSettler.accepts(seconds, performance.now())) {
      return;
    }
    this.showPosition(reading, seconds);
  }

  /** Highlight, caption and status bar for `seconds` into the reading's audio. */
  private showPosition(reading: CurrentReading, seconds: number): void {
    const session = reading.session;
    reading.currentTime = seconds;
    const word = reading.timeline.wordAt(seconds);
    if (word) {
      reading.sentenceIndex = word.sentenceIndex;
      if (word.sentenceIndex !== reading.captionIndex) {
        reading.captionIndex = word.sentenceIndex;
        this.player.post({
          type: 'caption',
          readingId: session.readingId,
          text: ellipsize(reading.timeline.sentenceText(word.sentenceIndex).replace(/\s+/g, ' '), MAX_CAPTION_LENGTH),
          position: this.positionText(reading),
        });
      }
    }
    this.highlighter.show(word?.wholeSentence ? undefined : word?.range, word ? reading.timeline.sentences[word.sentenceIndex] : undefined);
    reading.readerFeed.show(word ? word.sentenceIndex : reading.sentenceIndex, word?.wholeSentence ? undefined : word?.inSentence);
    reading.readerFeed.flushWords();
    if (session.currentState === 'playing') {
      this.statusBar.show('playing', this.statusDetail(reading));
    }
  }

  /** Where the reading is, and who speaks when it is not Edge. */
  private statusDetail(reading: CurrentReading): string {
    return [this.positionText(reading), reading.engine === 'system' ? 'system voice' : ''].filter((part) => part !== '').join(' · ');
  }

  private positionText(reading: CurrentReading): string {
    const total = reading.timeline.sentences.length;
    // "+" while a big document is still being made ready: more sentences are coming.
    const complete = !(reading.plan instanceof LazyReadingPlan) || reading.plan.complete;
    return total > 1 || !complete ? `${reading.sentenceIndex + 1} / ${total}${complete ? '' : '+'}` : '';
  }

  private onSessionState(session: SpeechSession, state: SessionState): void {
    for (const listener of [...this.stateListeners]) {
      listener(session.readingId, state);
    }
    const reading = this.reading;
    if (!reading || reading.session !== session) {
      return;
    }
    if (state === 'finished' || state === 'stopped' || state === 'failed') {
      this.tellEnded(reading, state);
    }
    this.statusBar.show(state, state === 'playing' || state === 'paused' ? this.statusDetail(reading) : undefined);
    if (state === 'playing' && reading.engine === 'edge') {
      this.fallback.edgeWorks();
    }
    if (state === 'playing' && reading.requestedAt !== undefined) {
      this.log.info(
        `Reading ${session.readingId}: first sound ${Math.round(performance.now() - reading.requestedAt)} ms after the command`,
      );
      reading.requestedAt = undefined;
    }
    if (state === 'needsUserGesture') {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'Read Aloud: click "Enable audio" in the Read Aloud panel to hear the reading. VS Code lets a panel play sound only after one click inside it.',
          ),
          vscode.l10n.t('Show Player'),
        )
        .then((choice) => {
          if (choice) {
            void this.player.reveal();
          }
        });
    }
  }

  private tellEnded(reading: CurrentReading, outcome: ReadingEnded['outcome']): void {
    if (!reading.request.document) {
      return; // text from outside the editor (clipboard, agent, API): no document to come back to
    }
    const sentence = reading.timeline.sentences[reading.sentenceIndex];
    const ended: ReadingEnded = {
      document: reading.request.document,
      mode: reading.request.mode,
      outcome,
      sentenceStart: sentence && this.highlighter.mapOffset(sentence.start),
    };
    for (const listener of [...this.endListeners]) {
      listener(ended);
    }
  }

  private onSessionOver(session: SpeechSession, outcome: SessionOutcome): void {
    this.log.info(`Reading ${session.readingId} ${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.error.message}` : ''}`);
    if (this.reading?.session === session) {
      this.reading = undefined;
      this.highlighter.clear();
      this.statusBar.show(outcome.kind);
      void this.setSpeaking(false);
    }
  }

  private showError(error: SpeechError, request: ReadingRequest): void {
    this.log.error(`Synthesis failed (${error.kind}): ${error.message}`);
    const retry = vscode.l10n.t('Retry');
    const openSettings = vscode.l10n.t('Open Settings');
    const actions = error.kind === 'rejected' ? [retry, openSettings] : [retry];
    void vscode.window.showErrorMessage(speechFailedMessage(error.message), ...actions).then((choice) => {
      if (choice === retry) {
        void this.read(request);
      } else if (choice === openSettings) {
        void openSetting('voice');
      }
    });
  }

  private synthesisExtras(): SynthesisExtras {
    return { voiceFallback: this.voiceFallback, log: (line) => this.log.warn(line) };
  }

  /** Both names are voice names (the setting's pattern, the validated voice list): no server text. */
  private announceVoiceFallback(from: string, to: string): void {
    this.log.warn(`The service does not offer the voice ${from}; reading with ${to}.`);
    if (this.announcedVoiceFallbacks.has(from)) {
      return;
    }
    this.announcedVoiceFallbacks.add(from);
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Read Aloud: the voice {0} is no longer available, so {1} is reading instead.', from, to),
        vscode.l10n.t('Select Voice'),
      )
      .then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('readAloud.selectVoice');
        }
      });
  }

  private setSpeaking(speaking: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', SPEAKING_CONTEXT_KEY, speaking);
  }
}

type SynthesisExtras = Pick<SynthesisOptions, 'voiceFallback' | 'log'>;

/** How a reading of `plan` is synthesized and played with these settings, by `engineId`. */
function sessionPlan(
  plan: ReadingPlan | LazyReadingPlan,
  settings: SpeechSettings,
  wordBoundaries: boolean,
  engineId: EngineId,
  systemVoice: string | undefined,
  extras: SynthesisExtras,
): SessionPlan {
  const synthesis = {
    ...extras,
    voice: voiceOptionsFor(settings),
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
    wordBoundaries,
  };
  const engine: SpeechEngine =
    engineId === 'system'
      ? systemEngine(systemBackendFor(process.platform), {
          voice: systemVoice,
          speed: settings.speed,
          pitchHz: settings.pitchHz,
          volumePercent: settings.volumePercent,
        })
      : edgeEngine(synthesis);
  return {
    // A lazy plan's segments are made as synthesis pulls them.
    segments: plan instanceof LazyReadingPlan ? plan.segmentsInOrder() : plan.segments,
    synthesis,
    engine,
    // The system voice speaks at the user's speed itself, so its audio plays at 1×.
    playbackRate: engineId === 'system' ? 1 : planSpeed(settings.speed).playbackRate,
    aheadLimitSeconds: engineId === 'system' ? SYSTEM_AHEAD_LIMIT_SECONDS : AHEAD_LIMIT_SECONDS,
  };
}

function isShownInAnyTab(uri: vscode.Uri): boolean {
  const target = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) {
        return input.uri.toString() === target;
      }
      return input instanceof vscode.TabInputTextDiff && (input.modified.toString() === target || input.original.toString() === target);
    }),
  );
}

function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
