// The one place that turns what the user asked to read into what is spoken: it reads the text, highlight,
// speech and engine settings (each problem shown once per change of the settings, the first few only),
// prepares the passages for the ear, picks the voice, and makes the plan a SpeechSession follows. A
// reading and Save as MP3 both go through it, so a saved file sounds like the reading and warns like it.
// Pure: the settings, the voice lookup and the warnings come from a PlanHost (planHost.ts for VS Code).

import { edgeEngine } from '../engines/edgeEngine';
import type { EngineSettings } from '../engines/engineChoice';
import type { EngineId, SpeechEngine } from '../engines/speechEngine';
import { systemBackendFor, systemEngine } from '../engines/system/systemEngine';
import { pronunciationLimitMessage, settingProblemMessage } from '../notifications/messages';
import type { SessionPlan } from '../session/SpeechSession';
import type { HighlightSettings } from '../settings/highlightSettings';
import { SettingProblemsOnce, summarizeProblems } from '../settings/settingProblems';
import { planSpeed, voiceOptionsFor, type SpeechSettings, type ValidatedSettings } from '../settings/speechSettings';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, type SynthesisOptions } from '../speech/synthesizeSpeech';
import { LazyReadingPlan, readingPlanFor } from './lazyReadingPlan';
import type { TextSettings } from './passagePreparer';
import type { ReadingPlan, SourcePassage } from './readingPlan';

/** Synthesis runs at most this far ahead of playback: gapless, yet a stop wastes little. */
const AHEAD_LIMIT_SECONDS = 60;
/** The system voice renders a sentence in milliseconds: a short look-ahead is gapless and keeps a stop cheap. */
const SYSTEM_AHEAD_LIMIT_SECONDS = 15;
/** The voice is chosen from a sample of each passage (pickVoiceFor looks at the first 2000 characters anyway). */
const VOICE_SAMPLE_CHARS = 4000;

/** Where the builder gets the settings and shows what is wrong with them. `Scope` is what settings are read for (a document). */
export interface PlanHost<Scope> {
  readTextSettings(scope: Scope | undefined): { settings: TextSettings; problems: readonly string[] };
  readHighlightSettings(scope: Scope | undefined): { settings: HighlightSettings; problems: readonly string[] };
  readSpeechSettings(): ValidatedSettings;
  readEngineSettings(): { settings: EngineSettings; problems: readonly string[] };
  /** The voice for text in `languageId` (readAloud.voicesByLanguage over `defaultVoice`), judged by `sample`. */
  voiceFor(languageId: string, sample: string, defaultVoice: string): string;
  /** Shows a warning; `setting` (e.g. `voice`) adds a button that opens that setting. */
  warn(message: string, setting?: string): void;
  /** Tells the user that `from` is gone and `to` reads instead (both are voice names, no server text). */
  announceVoiceFallback(from: string, to: string): void;
  /** The voice to use when the service no longer offers the chosen one (voiceFallback.ts). */
  readonly voiceFallback?: (rejectedVoice: string) => Promise<string | undefined>;
  /** Diagnostics without the user's text. */
  log(line: string): void;
}

/** What to plan: the passages of one reading or export. */
export interface PlanRequest<Scope> {
  readonly passages: readonly SourcePassage[];
  readonly languageId: string;
  /** A selection is read as selected; a document by its prose (Markdown without syntax, code by its comments). */
  readonly mode: 'selection' | 'document';
  /** What the settings are read for: the document, if any. */
  readonly scope?: Scope;
}

/** The text settings' part of a plan: the highlight settings, and the text made ready window by window. */
export interface TextPlan {
  readonly highlight: HighlightSettings;
  /** Its first window is ready at once; the rest as synthesis pulls it, in the background, or by `prepareAll`. */
  readonly plan: LazyReadingPlan;
}

/** The speech settings' part of a plan. */
export interface SpeechPlan {
  /** The user's speed, pitch and volume, and the voice for this text (`voice` already chosen). */
  readonly settings: SpeechSettings;
  /** `readAloud.engine` and `readAloud.systemVoice`. */
  readonly engines: EngineSettings;
}

export class PlanBuilder<Scope> {
  private readonly settingProblems = new SettingProblemsOnce();
  /**
   * Voices the service no longer offers, and what read instead: later readings and exports of the session
   * start with the replacement rather than ask for the removed voice first.
   */
  private readonly replacedVoices = new Map<string, string>();

  constructor(private readonly host: PlanHost<Scope>) {}

  /**
   * Reads the text and highlight settings (their problems shown once per change) and prepares the passages
   * for the ear, window by window (a reading starts on the first window; an export prepares them all).
   */
  planText(request: PlanRequest<Scope>): TextPlan {
    const { languageId, mode } = request;
    const text = this.host.readTextSettings(request.scope);
    const highlight = this.host.readHighlightSettings(request.scope);
    // Once per change of the settings, and only the first few: a workspace could list thousands.
    const textProblems = [
      ...this.settingProblems.take('text', text.problems, String),
      ...this.settingProblems.take('highlight', highlight.problems, String),
    ];
    for (const problem of summarizeProblems(textProblems)) {
      this.host.warn(settingProblemMessage(problem));
    }
    let pronunciationLimitShown = false;
    const onPronunciationLimit = (): void => {
      if (!pronunciationLimitShown) {
        pronunciationLimitShown = true;
        this.host.warn(pronunciationLimitMessage());
      }
    };
    const plan = readingPlanFor(request.passages, { ...text.settings, onPronunciationLimit, languageId, mode });
    return { highlight: highlight.settings, plan };
  }

  /** Reads the speech and engine settings (their problems shown once per change) and picks the voice for the text. */
  planSpeech(request: PlanRequest<Scope>): SpeechPlan {
    const { settings, problems } = this.host.readSpeechSettings();
    for (const problem of this.settingProblems.take('speech', problems, (p) => p.message)) {
      this.host.warn(settingProblemMessage(problem.message), problem.setting);
    }
    const engines = this.host.readEngineSettings();
    for (const problem of summarizeProblems(this.settingProblems.take('engine', engines.problems, String))) {
      this.host.warn(settingProblemMessage(problem));
    }
    const sample = request.passages.map((p) => p.text.slice(0, VOICE_SAMPLE_CHARS)).join('\n');
    const chosen = this.host.voiceFor(request.languageId, sample, settings.voice);
    const voice = this.replacedVoices.get(chosen) ?? chosen;
    return { settings: { ...settings, voice }, engines: engines.settings };
  }

  /**
   * How Edge is asked for speech with `settings`. `voiceFallback: false` for a voice sample: a sample of
   * another voice than the one picked would mislead.
   */
  synthesisOptions(settings: SpeechSettings, options: { voiceFallback: boolean }): Omit<SynthesisOptions, 'signal' | 'wordBoundaries'> {
    return {
      // Speed above what the service does is the player's part (planSpeed); the service gets its own part only.
      voice: voiceOptionsFor(settings),
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      ...(options.voiceFallback && this.host.voiceFallback ? { voiceFallback: this.host.voiceFallback } : {}),
      log: (line) => this.host.log(line),
    };
  }

  /**
   * The service no longer offers `from` and `to` reads instead: logged each time, told to the user once
   * per session, and `to` used from the start for what is planned with `from` later in the session.
   */
  voiceFellBack(from: string, to: string): void {
    this.host.log(`The service does not offer the voice ${from}; reading with ${to}.`);
    if (!this.replacedVoices.has(from)) {
      this.host.announceVoiceFallback(from, to);
    }
    this.replacedVoices.set(from, to);
  }

  /** How a reading of `plan` is synthesized and played with `settings`, by `engineId`. */
  sessionPlan(
    plan: ReadingPlan | LazyReadingPlan,
    settings: SpeechSettings,
    engineId: EngineId,
    options: { systemVoice: string | undefined; wordBoundaries: boolean; voiceFallback: boolean },
  ): SessionPlan {
    const synthesis = { ...this.synthesisOptions(settings, options), wordBoundaries: options.wordBoundaries };
    const engine: SpeechEngine =
      engineId === 'system'
        ? systemEngine(systemBackendFor(process.platform), {
            voice: options.systemVoice,
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
}

/** Whether a plan has nothing to say (empty, or only whitespace). */
export function isEmptyPlan(plan: LazyReadingPlan): boolean {
  return !plan.hasSegment(0);
}
