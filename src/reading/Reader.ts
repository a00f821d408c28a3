import * as vscode from 'vscode';
import { CONFIG_SECTION, openSetting, readHighlightSettings, readSpeechSettings, readTextSettings } from '../config';
import { ReadingHighlighter } from '../editor/ReadingHighlighter';
import { ReadingStatusBar } from '../editor/ReadingStatusBar';
import type { PlayerView } from '../player/PlayerView';
import { ReaderFeed } from '../player/readerFeed';
import { SpeechSession, type SessionOutcome, type SessionPlan, type SessionState } from '../session/SpeechSession';
import { MAX_SERVICE_SPEED, planSpeed, SPEED_RANGE, voiceOptionsFor, type SpeechSettings } from '../settings/speechSettings';
import { MAX_CAPTION_LENGTH, MAX_PLAYBACK_RATE, MIN_PLAYBACK_RATE } from '../shared/protocol';
import type { SpeechError } from '../speech/speechError';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from '../speech/synthesizeSpeech';
import { readingVoiceFor } from '../voices/readingVoice';
import { LazyReadingPlan } from './lazyReadingPlan';
import { passagePreparer, windowKindFor } from './passagePreparer';
import { planReading, type ReadingPlan, type SourcePassage } from './readingPlan';
import { planSentenceJump, SeekSettler } from './sentenceJump';
import { WordTimeline } from './wordTimeline';

/** Context key: true from the moment a reading starts until its sound ends; guards the Escape keybinding. */
export const SPEAKING_CONTEXT_KEY = 'readAloud.speaking';

/** Synthesis runs at most this far ahead of playback: gapless, yet a stop wastes little. */
const AHEAD_LIMIT_SECONDS = 60;
const PLAYER_READY_TIMEOUT_MS = 10_000;
/** "Previous sentence" restarts the current one when it has been playing longer than this. */
const RESTART_SENTENCE_AFTER_SECONDS = 3;
const SPEED_STEP = 0.25;
const VOICE_SAMPLE_CHARS = 4000;

/** What the user asked to read, and from where. */
export interface ReadingRequest {
  readonly document: vscode.TextDocument;
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
  readonly plan: LazyReadingPlan;
  readonly timeline: WordTimeline;
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
  private readonly statusBar = new ReadingStatusBar();
  private readonly highlighter = new ReadingHighlighter();
  private readonly stateListeners = new Set<(readingId: number, state: SessionState) => void>();
  private readonly endListeners = new Set<(ended: ReadingEnded) => void>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly player: PlayerView,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      // The sound lives in the player: without it the reading is over (and its socket must close).
      player.onDidDisposeView(() => this.stop()),
      // A sentence chosen in the reader view: read from there (a seek when its audio is buffered).
      player.onMessage((message) => {
        const reading = this.reading;
        if (message.type === 'jumpToSentence' && reading && message.readingId === reading.session.readingId && message.sentence < reading.timeline.sentences.length) {
          this.jumpToSentence(reading, message.sentence);
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

  /** Starts reading and returns its session at once (not when it ends); undefined if there is nothing to read. */
  read(request: ReadingRequest): SpeechSession | undefined {
    const requestedAt = performance.now();
    this.stop();
    const text = readTextSettings(request.document);
    const highlight = readHighlightSettings();
    this.highlighter.configure(highlight.settings);
    for (const problem of [...text.problems, ...highlight.problems]) {
      void vscode.window.showWarningMessage(`Read Aloud: ${problem}`);
    }
    const options = { ...text.settings, languageId: request.document.languageId, mode: request.mode };
    // Big documents are made ready window by window: the first request leaves at once.
    const plan = new LazyReadingPlan(request.passages, passagePreparer(options), windowKindFor(options));
    if (!plan.hasSegment(0)) {
      void vscode.window.showInformationMessage(`Read Aloud: nothing to read — the ${request.description} is empty or only whitespace.`);
      return undefined;
    }
    const { settings, problems } = readSpeechSettings();
    for (const problem of problems) {
      void vscode.window.showWarningMessage(`Read Aloud: ${problem.message}`, 'Open Settings').then((choice) => {
        if (choice) {
          void openSetting(problem.setting);
        }
      });
    }
    // The voice is chosen from a sample (pickVoiceFor looks at the first 2000 characters anyway).
    const sample = request.passages.map((p) => p.text.slice(0, VOICE_SAMPLE_CHARS)).join('\n');
    const voice = readingVoiceFor(request.document, sample, settings.voice, this.log);
    const readingId = this.nextReadingId++;
    const timeline = new WordTimeline(plan);
    const session: SpeechSession = new SpeechSession(
      readingId,
      this.player,
      sessionPlan(plan, { ...settings, voice }, true),
      {
        onStateChange: (state) => this.onSessionState(session, state),
        onWord: (report) => {
          const word = timeline.add(report);
          if (word && this.reading?.session === session) {
            this.reading.readerFeed.addWord(word.sentenceIndex, word.inSentence, word.startSeconds);
          }
        },
        onSegment: () => {
          if (this.reading?.session === session) {
            this.reading.readerFeed.flushWords();
          }
        },
        onProgress: (seconds) => this.onProgress(session, seconds),
        onError: (error) => this.showError(error, request),
        onRetry: (retry) =>
          this.log.warn(`Reading ${readingId}: request ${retry.segmentIndex + 1} failed (${retry.error.kind}); resuming, attempt ${retry.attempt}`),
      },
    );
    this.reading = {
      request,
      session,
      plan,
      timeline,
      serviceSpeed: Math.min(settings.speed, MAX_SERVICE_SPEED),
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
    this.log.info(`Reading ${readingId}: voice ${voice}, speed ${settings.speed}`);
    this.highlighter.begin(request.document);
    void this.setSpeaking(true);
    this.statusBar.show('starting');
    session.start(this.player.ensureReady(PLAYER_READY_TIMEOUT_MS));
    plan.prepareRest(session.signal, () =>
      this.log.info(
        `Reading ${readingId}: ${plan.spokenLength} characters in ${plan.segments.length} request(s), ready ${Math.round(performance.now() - requestedAt)} ms after the command` +
          (logText ? `: ${JSON.stringify(plan.segments.map((segment) => segment.text).join(' '))}` : ''),
      ),
    );
    void session.outcome.then((outcome) => this.onSessionOver(session, outcome));
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
  preview(text: string, voice: string): SpeechSession | undefined {
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
      sessionPlan(plan, { ...settings, voice }, false),
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
  nextSentence(): SpeechSession | undefined {
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
  previousSentence(): SpeechSession | undefined {
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
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update('speed', speed, vscode.ConfigurationTarget.Global);
    const reading = this.reading;
    if (reading) {
      reading.session.setPlaybackRate(clamp(speed / reading.serviceSpeed, MIN_PLAYBACK_RATE, MAX_PLAYBACK_RATE));
    }
    vscode.window.setStatusBarMessage(`Read Aloud: speed ${speed}×`, 2000);
    return speed;
  }

  dispose(): void {
    this.stop();
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.statusBar.dispose();
    this.highlighter.dispose();
    this.stateListeners.clear();
    this.endListeners.clear();
  }

  /** Instant when the player holds the sentence's audio (it keeps minutes of played audio too). */
  private jumpToSentence(reading: CurrentReading, sentenceIndex: number): SpeechSession | undefined {
    const jump = planSentenceJump(sentenceIndex, {
      sentenceStartSeconds: (index) => reading.timeline.sentenceStartSeconds(index),
      buffered: reading.session.bufferedRange,
    });
    if (jump.kind === 'restart') {
      return this.restartAtSentence(reading, sentenceIndex);
    }
    reading.session.seek(jump.seconds);
    reading.seekSettler.seeked(jump.seconds, performance.now());
    this.showPosition(reading, jump.seconds);
    return reading.session;
  }

  private restartAtSentence(reading: CurrentReading, sentenceIndex: number): SpeechSession | undefined {
    const sentence = reading.timeline.sentences[sentenceIndex];
    const from = sentence && this.highlighter.mapOffset(sentence.start);
    if (from === undefined) {
      return undefined;
    }
    const document = reading.request.document;
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
    return this.read({ ...reading.request, passages });
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
    this.highlighter.show(word?.range, word ? reading.timeline.sentences[word.sentenceIndex] : undefined);
    reading.readerFeed.show(word ? word.sentenceIndex : reading.sentenceIndex, word?.inSentence);
    reading.readerFeed.flushWords();
    if (session.currentState === 'playing') {
      this.statusBar.show('playing', this.positionText(reading));
    }
  }

  private positionText(reading: CurrentReading): string {
    const total = reading.timeline.sentences.length;
    // "+" while a big document is still being made ready: more sentences are coming.
    return total > 1 || !reading.plan.complete ? `${reading.sentenceIndex + 1} / ${total}${reading.plan.complete ? '' : '+'}` : '';
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
    this.statusBar.show(state, state === 'playing' || state === 'paused' ? this.positionText(reading) : undefined);
    if (state === 'playing' && reading.requestedAt !== undefined) {
      this.log.info(`Reading ${session.readingId}: first sound ${Math.round(performance.now() - reading.requestedAt)} ms after the command`);
      reading.requestedAt = undefined;
    }
    if (state === 'needsUserGesture') {
      void vscode.window
        .showInformationMessage(
          'Read Aloud: click "Enable audio" in the Read Aloud panel to hear the reading. VS Code lets a panel play sound only after one click inside it.',
          'Show Player',
        )
        .then((choice) => {
          if (choice) {
            void this.player.reveal();
          }
        });
    }
  }

  private tellEnded(reading: CurrentReading, outcome: ReadingEnded['outcome']): void {
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
    const actions = error.kind === 'rejected' ? ['Retry', 'Open Settings'] : ['Retry'];
    void vscode.window.showErrorMessage(`Read Aloud: ${error.message}`, ...actions).then((choice) => {
      if (choice === 'Retry') {
        this.read(request);
      } else if (choice === 'Open Settings') {
        void openSetting('voice');
      }
    });
  }

  private setSpeaking(speaking: boolean): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', SPEAKING_CONTEXT_KEY, speaking);
  }
}

/** How a reading of `plan` is synthesized and played with these settings. */
function sessionPlan(plan: ReadingPlan | LazyReadingPlan, settings: SpeechSettings, wordBoundaries: boolean): SessionPlan {
  return {
    // A lazy plan's segments are made as synthesis pulls them.
    segments: plan instanceof LazyReadingPlan ? plan.segmentsInOrder() : plan.segments,
    synthesis: {
      voice: voiceOptionsFor(settings),
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      wordBoundaries,
    },
    playbackRate: planSpeed(settings.speed).playbackRate,
    aheadLimitSeconds: AHEAD_LIMIT_SECONDS,
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
