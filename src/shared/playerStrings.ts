// The player webview's words, in the user's display language. A webview cannot call vscode.l10n, so the
// host builds this list with l10n.t (playerStrings(), called after activation has wired the translator),
// renders it into the player's document as JSON in a data attribute (no inline script: the CSP stays
// strict), and the player reads and validates it (parsePlayerStrings) before it builds its panel. One
// typed list for both sides: a word the player shows that is not here is a bug (test/unit/l10nCoverage).
//
// Templates whose values only the player knows (a chunk number, the browser's error) keep their
// placeholders: each is passed its own placeholder as the value (`'{0}'`), which VS Code's one-pass
// formatting puts back unchanged, and the player fills it in with fillPlayerString.
import * as l10n from './l10n';

export interface PlayerStrings {
  // The panel.
  readonly playerLabel: string;
  readonly elapsedTime: string;
  readonly sentencePosition: string;
  readonly audioBlocked: string;
  readonly unlockExplanation: string;
  readonly enableAudio: string;
  readonly pause: string;
  readonly resume: string;
  readonly stop: string;
  readonly readerLabel: string;
  // The status line.
  readonly idle: string;
  readonly buffering: string;
  readonly reading: string;
  readonly paused: string;
  readonly waitingForAudio: string;
  readonly stopping: string;
  // Why a reading failed (shown in the panel and sent to the host). {0}, {1}… are filled in by the player.
  readonly playbackFailed: string;
  readonly mediaError: string;
  readonly mediaErrorWithDetail: string;
  readonly audioNotPlayable: string;
  readonly streamFailed: string;
  readonly typeNotPlayable: string;
  readonly notDecodable: string;
  readonly chunkRepeated: string;
  readonly chunkMissing: string;
  readonly chunksMissing: string;
  readonly chunkAfterEnd: string;
  readonly chunkOutOfOrder: string;
  readonly chunkNotWholeSamples: string;
}

/** The attribute of the player document's <body> that carries the JSON of its strings. */
export const PLAYER_STRINGS_ATTRIBUTE = 'data-player-strings';

/** Longer than any translation of ours; anything longer did not come from our host. */
const MAX_PLAYER_STRING_LENGTH = 1000;

const P0 = '{0}';
const P1 = '{1}';
const P2 = '{2}';

/** The player's strings in the display language (English until `useTranslator` is called). */
export function playerStrings(): PlayerStrings {
  return {
    playerLabel: l10n.t('Read Aloud player'),
    elapsedTime: l10n.t('Elapsed time'),
    sentencePosition: l10n.t('Sentence'),
    audioBlocked: l10n.t('Audio is blocked'),
    unlockExplanation: l10n.t('VS Code lets this panel play sound only after a click inside it.'),
    enableAudio: l10n.t('Enable audio'),
    pause: l10n.t('Pause'),
    resume: l10n.t('Resume'),
    stop: l10n.t('Stop'),
    readerLabel: l10n.t('Text being read'),
    idle: l10n.t('Idle'),
    buffering: l10n.t('Buffering…'),
    reading: l10n.t('Reading…'),
    paused: l10n.t('Paused'),
    waitingForAudio: l10n.t('Waiting for audio to be enabled'),
    stopping: l10n.t('Stopping…'),
    playbackFailed: l10n.t('Playback failed: {0}', P0),
    mediaError: l10n.t('The audio could not be played (media error {0}).', P0),
    mediaErrorWithDetail: l10n.t('The audio could not be played (media error {0}: {1}).', P0, P1),
    audioNotPlayable: l10n.t('The audio could not be played: {0}', P0),
    streamFailed: l10n.t('The audio stream failed: {0}', P0),
    typeNotPlayable: l10n.t('This webview cannot play {0}: {1}', P0, P1),
    notDecodable: l10n.t('The audio could not be decoded.'),
    chunkRepeated: l10n.t('Audio chunk {0} arrived again (expected chunk {1}).', P0, P1),
    chunkMissing: l10n.t('Audio chunk {0} is missing (chunk {1} arrived).', P0, P1),
    chunksMissing: l10n.t('Audio chunks {0}–{1} are missing (chunk {2} arrived).', P0, P1, P2),
    chunkAfterEnd: l10n.t('Audio chunk {0} arrived after the end of the stream.', P0),
    chunkOutOfOrder: l10n.t('Audio chunk {0} arrived out of order (expected chunk {1}).', P0, P1),
    chunkNotWholeSamples: l10n.t('Audio chunk {0} is not whole 16-bit samples.', P0),
  };
}

/** The strings the player received, if they are exactly ours: every key, each a string of sane length. */
export function parsePlayerStrings(value: unknown): PlayerStrings | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const received = value as Record<string, unknown>;
  const keys = Object.keys(playerStrings());
  const valid =
    Object.keys(received).length === keys.length &&
    keys.every((key) => {
      const text = received[key];
      return typeof text === 'string' && text.length > 0 && text.length <= MAX_PLAYER_STRING_LENGTH;
    });
  return valid ? (Object.fromEntries(keys.map((key) => [key, received[key]])) as unknown as PlayerStrings) : undefined;
}

/** A player template with its values: `{0}`, `{1}`… replaced once, as VS Code does. */
export function fillPlayerString(template: string, ...values: Array<string | number>): string {
  return l10n.format(template, values);
}
