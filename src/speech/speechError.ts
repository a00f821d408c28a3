// A synthesis's errors, worded for the user (the message is shown as is, through speechFailedMessage).
// Pure: no vscode; l10n.t is wired to vscode.l10n.t at activation.
import * as l10n from '../shared/l10n';

/** What went wrong with a synthesis, in terms the user can act on. */
export type SpeechErrorKind =
  | 'network' // the service could not be reached at all
  | 'forbidden' // HTTP 403 on connect: clock skew, an expired token algorithm, or a regional block
  | 'timeout' // no answer within the connect timeout
  | 'stalled' // connected, but the audio stopped coming for longer than the idle timeout
  | 'rejected' // the service refused the request (close 1007: unknown voice, invalid SSML)
  | 'interrupted' // the connection dropped before the service said the audio was complete
  | 'unavailable' // the service reported an error of its own (HTTP 5xx on connect, close 1011)
  | 'noAudio' // the service finished the request without sending any audio
  | 'overLimit' // the service sent far more audio, or took far longer, than the text can need
  | 'engine'; // the system's own speech engine is missing or failed (src/engines/system)

export class SpeechError extends Error {
  override readonly name = 'SpeechError';

  /** Set when the service refused the voice itself (it does not know it, or no longer offers it). */
  readonly rejectedVoice: string | undefined;

  constructor(
    readonly kind: SpeechErrorKind,
    message: string,
    options?: { cause?: unknown; rejectedVoice?: string },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.rejectedVoice = options?.rejectedVoice;
  }
}

export function isSpeechError(error: unknown): error is SpeechError {
  return error instanceof SpeechError;
}

/** Turns what msedge-tts or `ws` threw while connecting into a `SpeechError`. */
export function connectError(error: unknown): SpeechError {
  const text = error instanceof Error ? error.message : String(error);
  const status = /Unexpected server response: (\d{3})/.exec(text)?.[1];
  if (status === '403') {
    return new SpeechError(
      'forbidden',
      l10n.t(
        "Microsoft Edge's speech service refused the connection (HTTP 403). Check that your system clock is correct; if it is, the service may have changed and Read Aloud needs an update.",
      ),
      { cause: error },
    );
  }
  if (status?.startsWith('5')) {
    return new SpeechError(
      'unavailable',
      l10n.t("Microsoft Edge's speech service is having trouble (HTTP {0}). Try again in a moment.", status),
      { cause: error },
    );
  }
  if (status) {
    return new SpeechError('network', l10n.t("Microsoft Edge's speech service answered HTTP {0}. Try again in a moment.", status), {
      cause: error,
    });
  }
  const code = /\b(E[A-Z]{3,}(?:_[A-Z]+)*)\b/.exec(text)?.[1];
  const message = code
    ? l10n.t("Can't reach Microsoft Edge's speech service ({0}). Check your internet connection, proxy or firewall.", code)
    : l10n.t("Can't reach Microsoft Edge's speech service. Check your internet connection, proxy or firewall.");
  return new SpeechError('network', message, { cause: error });
}

export function connectTimeoutError(timeoutMs: number): SpeechError {
  return new SpeechError(
    'timeout',
    l10n.t("Microsoft Edge's speech service did not answer within {0} s. Check your connection and try again.", formatSeconds(timeoutMs)),
  );
}

export function idleTimeoutError(timeoutMs: number): SpeechError {
  return new SpeechError(
    'stalled',
    l10n.t("Microsoft Edge's speech service stopped sending audio for {0} s. Try again.", formatSeconds(timeoutMs)),
  );
}

const INVALID_PAYLOAD = 1007;
const POLICY_VIOLATION = 1008;
const MESSAGE_TOO_BIG = 1009;
const INTERNAL_ERROR = 1011;

/**
 * A close before `turn.end`: a refused voice, a refused request (1007, 1008), an error of the service
 * (1011), or else a drop (1006, or anything unexplained: resumed). The service's close reason (e.g.
 * "Unsupported voice …") is only matched, never shown: it is server text, and may quote the user's.
 */
export function closedError(closeCode: number | undefined, reason: string | undefined, voice: string): SpeechError {
  if (reason !== undefined && isVoiceRejection(closeCode, reason, voice)) {
    return new SpeechError(
      'rejected',
      l10n.t("Microsoft Edge's speech service does not offer the voice {0}. Choose another voice.", voice),
      { rejectedVoice: voice },
    );
  }
  if (closeCode === INVALID_PAYLOAD || closeCode === POLICY_VIOLATION) {
    return new SpeechError(
      'rejected',
      l10n.t("Microsoft Edge's speech service rejected the request (check the voice and speech settings)."),
    );
  }
  if (closeCode === INTERNAL_ERROR) {
    return new SpeechError('unavailable', l10n.t("Microsoft Edge's speech service reported an internal error. Try again in a moment."));
  }
  return new SpeechError('interrupted', l10n.t("The connection to Microsoft Edge's speech service dropped before the audio was complete."));
}

/** The connection was closed because the service sent a message larger than `limitBytes`. */
export function oversizedMessageError(limitBytes: number): SpeechError {
  return new SpeechError(
    'interrupted',
    l10n.t(
      "Microsoft Edge's speech service sent a message larger than {0} KiB; the connection was closed (code {1}).",
      Math.round(limitBytes / 1024),
      MESSAGE_TOO_BIG,
    ),
  );
}

/** The service says it does not have the voice: "Unsupported voice X." today, or a 1007 naming it. */
function isVoiceRejection(closeCode: number | undefined, reason: string, voice: string): boolean {
  return (
    /\b(unsupported|unknown|invalid)\s+voice\b/i.test(reason) ||
    (closeCode === INVALID_PAYLOAD && voice.length > 0 && reason.includes(voice))
  );
}

/** A request brought more audio, or took longer, than its text can need (speechPolicy.requestLimits). */
export function overLimitError(what: 'audio' | 'time', limitSeconds: number, textLength: number): SpeechError {
  const duration = limitSeconds >= 120 ? l10n.t('{0} minutes', Math.round(limitSeconds / 60)) : l10n.t('{0} s', limitSeconds);
  const message =
    what === 'audio'
      ? l10n.t(
          "Microsoft Edge's speech service sent more than {0} of audio for {1} characters of text, far more than the text needs; Read Aloud stopped it.",
          duration,
          textLength,
        )
      : l10n.t(
          "Microsoft Edge's speech service kept sending for more than {0} for {1} characters of text, far more than the text needs; Read Aloud stopped it.",
          duration,
          textLength,
        );
  return new SpeechError('overLimit', message);
}

export function noAudioError(): SpeechError {
  return new SpeechError('noAudio', l10n.t("Microsoft Edge's speech service returned no audio for this text. Try again."));
}

/** Seconds as a number for a `{0} s` message: whole, or to a tenth. */
function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
