import * as vscode from 'vscode';
import { CONFIG_SECTION, readSpeechSettings, saveUserSetting } from '../config';
import type { EngineId } from '../engines/speechEngine';
import { systemBackendFor } from '../engines/system/systemEngine';
import type { PlayerView } from '../player/PlayerView';
import { SpeechSession, type SessionOutcome, type SessionState } from '../session/SpeechSession';
import { MAX_SERVICE_SPEED, SPEED_RANGE } from '../settings/speechSettings';
import { Disposable } from '../shared/dispose';
import { MAX_PLAYBACK_RATE, MIN_PLAYBACK_RATE } from '../shared/protocol';
import type { SpeechError } from '../speech/speechError';
import { EngineFallback } from './EngineFallback';
import { isEmptyPlan } from './planBuilder';
import type { EditorPlanBuilder } from './planHost';
import { ReadingFeedback, type ShownReading } from './ReadingFeedback';
import { planReading, type SourcePassage } from './readingPlan';
import { showSpeechError } from './readingNotices';
import { planSentenceJump, SeekSettler } from './sentenceJump';
import { WordTimeline } from './wordTimeline';

/** Context key: true from the moment a reading starts until its sound ends; guards the Escape keybinding. */
export const SPEAKING_CONTEXT_KEY = 'readAloud.speaking';

const PLAYER_READY_TIMEOUT_MS = 10_000;
/** "Previous sentence" restarts the current one when it has been playing longer than this. */
const RESTART_SENTENCE_AFTER_SECONDS = 3;
const SPEED_STEP = 0.25;

/** What the user asked to read, and from where. */
export interface ReadingRequest {
  /** The document read; absent for text that lives in no editor (the clipboard, a hover, an agent's message). */
  readonly document?: vscode.TextDocument;
  /** The language of text without a document (e.g. `markdown`); a document's own language wins. */
  readonly languageId?: string;
  readonly passages: readonly SourcePassage[];
  /** A selection is read as selected; a document by its prose (Markdown without syntax, code by its comments). */
  readonly mode: 'selection' | 'document';
  /** The whole sentence shown when it has nothing to read, translated, e.g. "…the selection is empty…". */
  readonly nothingToRead: string;
}

/** A reading is over: where it was, so it can be continued later. */
export interface ReadingEnded {
  readonly document: vscode.TextDocument;
  readonly mode: ReadingRequest['mode'];
  readonly outcome: 'finished' | 'stopped' | 'failed';
  /** Document offset (as the document is now) of the sentence being heard; undefined if edited away. */
  readonly sentenceStart: number | undefined;
}

/** Everything about the reading in progress; the feedback shows the `ShownReading` part of it. */
interface CurrentReading extends ShownReading {
  readonly request: ReadingRequest;
  /** The speed the service was asked for; the player makes up the rest of the user's speed. */
  readonly serviceSpeed: number;
  /** `performance.now()` when the user asked; cleared once the first sound is logged. */
  requestedAt: number | undefined;
  /** Drops progress reports still on their way from before a seek. */
  readonly seekSettler: SeekSettler;
}

/**
 * Owns "the current reading". Starting a reading stops the previous one first, so two readings never
 * overlap; everything about one reading lives in its SpeechSession, and what the user sees of it
 * (highlight, status bar, caption, reader view) in the ReadingFeedback.
 */
export class Reader extends Disposable {
  private reading: CurrentReading | undefined;
  /** A voice sample from the voice picker; it has no document, so it is not a `CurrentReading`. */
  private previewSession: SpeechSession | undefined;
  private nextReadingId = 1;
  private readonly fallback: EngineFallback;
  private readonly feedback: ReadingFeedback;
  private readonly stateListeners = new Set<(readingId: number, state: SessionState) => void>();
  private readonly startListeners = new Set<(session: SpeechSession) => void>();
  private readonly endListeners = new Set<(ended: ReadingEnded) => void>();

  constructor(
    private readonly player: PlayerView,
    private readonly log: vscode.LogOutputChannel,
    /** Settings, text for the ear, voice: the plan of each reading (shared with Save as MP3). */
    private readonly planner: EditorPlanBuilder,
  ) {
    super();
    this.fallback = new EngineFallback(log);
    this.feedback = this._register(new ReadingFeedback(player));
    // The sound lives in the player: without it the reading is over (and its socket must close).
    this._register(player.onDidDisposeView(() => this.stop()));
    this._register(
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
    );
    this._register(
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
    // The first window is prepared at once, so nothing is awaited; a failure still rejects the promise rather than throwing.
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
    const planRequest = { passages: request.passages, languageId, mode: request.mode, scope: request.document };
    // Made ready window by window (documents, selections, code files alike): the first request leaves as
    // soon as the first window is ready, the rest is prepared as it is needed or in the background.
    const { highlight, plan } = this.planner.planText(planRequest);
    this.feedback.configureHighlight(highlight);
    if (isEmptyPlan(plan)) {
      void vscode.window.showInformationMessage(request.nothingToRead);
      return undefined;
    }
    const { settings, engines } = this.planner.planSpeech(planRequest);
    const voice = settings.voice;
    const engineId = engine ?? this.fallback.engineForNewReading();
    const readingId = this.nextReadingId++;
    const timeline = new WordTimeline(plan);
    const session: SpeechSession = new SpeechSession(
      readingId,
      this.player,
      this.planner.sessionPlan(plan, settings, engineId, { systemVoice: engines.systemVoice, wordBoundaries: true, voiceFallback: true }),
      {
        onStateChange: (state) => this.onSessionState(session, state),
        onStarted: () => {
          if (this.reading?.session === session) {
            this.reading.readerFeed.begin();
          }
        },
        onWord: (report) => {
          const word = timeline.add(report);
          if (word && this.reading?.session === session) {
            this.feedback.wordTimed(this.reading, word);
          }
        },
        onSentence: (sentence) => timeline.addSentence(sentence),
        onSegment: () => {
          if (this.reading?.session === session) {
            this.feedback.segmentDone(this.reading);
          }
        },
        onProgress: (seconds) => this.onProgress(session, seconds),
        onError: (error) => this.onSynthesisError(session, error),
        onRetry: (retry) =>
          this.log.warn(
            `Reading ${readingId}: request ${retry.segmentIndex + 1} failed (${retry.error.kind}); resuming, attempt ${retry.attempt}`,
          ),
        onVoiceFallback: ({ from, to }) => this.planner.voiceFellBack(from, to),
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
      readerFeed: this.feedback.readerFeedFor(readingId, timeline),
    };
    // The user's text stays out of the log unless they turn on readAloud.debug.logText.
    const logText = vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>('debug.logText') === true;
    this.log.info(
      `Reading ${readingId}: ${engineId === 'system' ? `system voice (${systemBackendFor(process.platform).name}${engines.systemVoice ? ` ${engines.systemVoice}` : ''})` : `voice ${voice}`}, speed ${settings.speed}`,
    );
    void this.setSpeaking(true);
    this.feedback.begin(request.document);
    session.start(this.player.ensureReady(PLAYER_READY_TIMEOUT_MS));
    const logPlanReady = (): void =>
      this.log.info(
        `Reading ${readingId}: ${plan.spokenLength} characters in ${plan.segments.length} request(s), ready ${Math.round(performance.now() - requestedAt)} ms after the command` +
          (logText ? `: ${JSON.stringify(plan.segments.map((segment) => segment.text).join(' '))}` : ''),
      );
    plan.prepareRest(session.signal, logPlanReady);
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
      this.planner.sessionPlan(plan, { ...settings, voice }, engine, { systemVoice: voice, wordBoundaries: false, voiceFallback: false }),
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
    while (next >= reading.timeline.sentences.length && reading.plan.prepareNext()) {
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

  override dispose(): void {
    this.stop();
    super.dispose();
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
    this.feedback.showPosition(reading, jump.seconds);
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
    const from = this.feedback.mapOffset(at);
    if (from === undefined) {
      return undefined;
    }
    // Read from the sentence to the end of what was asked for, as the document is now. Each passage is
    // parsed whole (Markdown context) and spoken from the sentence on.
    const passages: SourcePassage[] = [];
    for (const passage of reading.request.passages) {
      const start = this.feedback.mapOffset(passage.offset);
      const end = this.feedback.mapOffset(passage.offset + passage.text.length);
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
      showSpeechError(error, this.log, () => void this.read(reading.request));
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
    this.feedback.showPosition(reading, seconds);
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
    this.feedback.showState(reading, state);
    if (state === 'playing' && reading.engine === 'edge') {
      this.fallback.edgeWorks();
    }
    if (state === 'playing' && reading.requestedAt !== undefined) {
      this.log.info(
        `Reading ${session.readingId}: first sound ${Math.round(performance.now() - reading.requestedAt)} ms after the command`,
      );
      reading.requestedAt = undefined;
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
      sentenceStart: sentence && this.feedback.mapOffset(sentence.start),
    };
    for (const listener of [...this.endListeners]) {
      listener(ended);
    }
  }

  private onSessionOver(session: SpeechSession, outcome: SessionOutcome): void {
    this.log.info(`Reading ${session.readingId} ${outcome.kind}${outcome.kind === 'failed' ? `: ${outcome.error.message}` : ''}`);
    if (this.reading?.session === session) {
      this.reading = undefined;
      this.feedback.ended(outcome.kind);
      void this.setSpeaking(false);
    }
  }

  private setSpeaking(speaking: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', SPEAKING_CONTEXT_KEY, speaking);
  }
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

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
