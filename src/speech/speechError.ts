/** What went wrong with a synthesis, in terms the user can act on. */
export type SpeechErrorKind =
  | 'network' // the service could not be reached at all
  | 'forbidden' // HTTP 403 on connect: clock skew, an expired token algorithm, or a regional block
  | 'timeout' // no answer within the connect timeout
  | 'stalled' // connected, but the audio stopped coming for longer than the idle timeout
  | 'rejected' // the service closed the socket with a reason (unknown voice, invalid SSML)
  | 'interrupted' // the connection dropped before the service said the audio was complete
  | 'noAudio' // the service finished the request without sending any audio
  | 'engine'; // the system's own speech engine is missing or failed (src/engines/system)

export class SpeechError extends Error {
  override readonly name = 'SpeechError';

  constructor(
    readonly kind: SpeechErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSpeechError(error: unknown): error is SpeechError {
  return error instanceof SpeechError;
}

const SERVICE = "Microsoft Edge's speech service";

/** Turns what msedge-tts or `ws` threw while connecting into a `SpeechError`. */
export function connectError(error: unknown): SpeechError {
  const text = error instanceof Error ? error.message : String(error);
  const status = /Unexpected server response: (\d{3})/.exec(text)?.[1];
  if (status === '403') {
    return new SpeechError(
      'forbidden',
      `${SERVICE} refused the connection (HTTP 403). Check that your system clock is correct; if it is, the service may have changed and Read Aloud needs an update.`,
      { cause: error },
    );
  }
  if (status) {
    return new SpeechError('network', `${SERVICE} answered HTTP ${status}. Try again in a moment.`, { cause: error });
  }
  const code = /\b(E[A-Z]{3,}(?:_[A-Z]+)*)\b/.exec(text)?.[1];
  const detail = code ? ` (${code})` : '';
  return new SpeechError(
    'network',
    `Can't reach ${SERVICE}${detail}. Check your internet connection, proxy or firewall.`,
    { cause: error },
  );
}

export function connectTimeoutError(timeoutMs: number): SpeechError {
  return new SpeechError('timeout', `${SERVICE} did not answer within ${formatSeconds(timeoutMs)}. Check your connection and try again.`);
}

export function idleTimeoutError(timeoutMs: number): SpeechError {
  return new SpeechError('stalled', `${SERVICE} stopped sending audio for ${formatSeconds(timeoutMs)}. Try again.`);
}

/** A close before `turn.end`; `reason` is the service's close reason when it gave one (e.g. "Unsupported voice …"). */
export function closedError(closeCode: number | undefined, reason: string | undefined): SpeechError {
  if (reason) {
    return new SpeechError('rejected', `${SERVICE} rejected the request: ${reason}`);
  }
  if (closeCode === 1007) {
    return new SpeechError('rejected', `${SERVICE} rejected the request (check the voice and speech settings).`);
  }
  return new SpeechError('interrupted', `The connection to ${SERVICE} dropped before the audio was complete.`);
}

export function noAudioError(): SpeechError {
  return new SpeechError('noAudio', `${SERVICE} returned no audio for this text. Try again.`);
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
