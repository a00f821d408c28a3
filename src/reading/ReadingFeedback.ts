import * as vscode from 'vscode';
import { CONFIG_SECTION, readHighlightSettings } from '../config';
import { ReadingHighlighter } from '../editor/ReadingHighlighter';
import { ReadingStatusBar } from '../editor/ReadingStatusBar';
import type { EngineId } from '../engines/speechEngine';
import type { PlayerView } from '../player/PlayerView';
import { ReaderFeed } from '../player/readerFeed';
import type { SessionOutcome, SessionState, SpeechSession } from '../session/SpeechSession';
import type { HighlightSettings } from '../settings/highlightSettings';
import { Disposable } from '../shared/dispose';
import type { LazyReadingPlan } from './lazyReadingPlan';
import { captionText, positionText, statusDetail } from './readingPosition';
import type { TimedWord, WordTimeline } from './wordTimeline';

/** What the feedback needs of the reading in progress (the Reader's record of it). */
export interface ShownReading {
  readonly session: SpeechSession;
  readonly plan: LazyReadingPlan;
  readonly timeline: WordTimeline;
  /** Who speaks: the status bar says so when it is the system voice. */
  readonly engine: EngineId;
  /** Seconds into the reading's audio, as last reported by the player. */
  currentTime: number;
  /** The sentence being heard. */
  sentenceIndex: number;
  /** The sentence last shown in the player's caption. */
  captionIndex: number;
  /** The reader view in the player: the text around the sentence being heard. */
  readonly readerFeed: ReaderFeed;
}

/**
 * What the user sees of a reading, outside the sound: the highlight in the editor, the status bar, the
 * player's caption and reader view, and the prompt to click "Enable audio". The Reader decides what is
 * read; this shows where it is.
 */
export class ReadingFeedback extends Disposable {
  private readonly statusBar = this._register(new ReadingStatusBar());
  private readonly highlighter = this._register(new ReadingHighlighter());

  constructor(private readonly player: PlayerView) {
    super();
    // The highlight settings apply at once, to a reading in progress too.
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.highlight`) || event.affectsConfiguration(`${CONFIG_SECTION}.followInEditor`)) {
          this.highlighter.configure(readHighlightSettings().settings);
        }
      }),
    );
  }

  /** `readAloud.highlight` / `readAloud.followInEditor`, as a new reading read them. */
  configureHighlight(settings: HighlightSettings): void {
    this.highlighter.configure(settings);
  }

  /** The reader view's feed for a new reading: it posts the text around the sentence being heard. */
  readerFeedFor(readingId: number, timeline: WordTimeline): ReaderFeed {
    return new ReaderFeed(readingId, (message) => this.player.post(message), {
      get sentenceCount() {
        return timeline.sentences.length;
      },
      sentenceText: (index) => timeline.sentenceText(index),
    });
  }

  /** A reading starts: highlight in `document` (offsets as they are now), or none for text without one. */
  begin(document: vscode.TextDocument | undefined): void {
    if (document) {
      this.highlighter.begin(document);
    } else {
      this.highlighter.clear();
    }
    this.statusBar.show('starting');
  }

  /** A word was timed: the reader view gets it (sent in batches). */
  wordTimed(reading: ShownReading, word: TimedWord): void {
    reading.readerFeed.addWord(word.sentenceIndex, word.inSentence, word.startSeconds);
  }

  /** A request is done: the reader view gets its words now. */
  segmentDone(reading: ShownReading): void {
    reading.readerFeed.flushWords();
  }

  /** Highlight, caption, reader view and status bar for `seconds` into the reading's audio. */
  showPosition(reading: ShownReading, seconds: number): void {
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
          text: captionText(reading.timeline.sentenceText(word.sentenceIndex)),
          position: positionOf(reading),
        });
      }
    }
    this.highlighter.show(word?.wholeSentence ? undefined : word?.range, word ? reading.timeline.sentences[word.sentenceIndex] : undefined);
    reading.readerFeed.show(word ? word.sentenceIndex : reading.sentenceIndex, word?.wholeSentence ? undefined : word?.inSentence);
    reading.readerFeed.flushWords();
    if (session.currentState === 'playing') {
      this.statusBar.show('playing', statusDetail(positionOf(reading), reading.engine));
    }
  }

  /** The reading's state changed: the status bar follows; a refused start asks for the click it needs. */
  showState(reading: ShownReading, state: SessionState): void {
    this.statusBar.show(state, state === 'playing' || state === 'paused' ? statusDetail(positionOf(reading), reading.engine) : undefined);
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

  /** The current reading is over: no highlight, and the status bar says how it ended (or goes away). */
  ended(outcome: SessionOutcome['kind']): void {
    this.highlighter.clear();
    this.statusBar.show(outcome);
  }

  /** Maps an offset taken at the start of the reading to the document as it is now (edits since are followed). */
  mapOffset(offset: number): number | undefined {
    return this.highlighter.mapOffset(offset);
  }
}

function positionOf(reading: ShownReading): string {
  // A lazy plan is complete once its last window is ready; until then more sentences are coming.
  return positionText(reading.sentenceIndex, reading.timeline.sentences.length, reading.plan.complete);
}
