// Edge's list of voices: fetched with Node's fetch (not msedge-tts's getVoices, which uses axios and
// sends no Edge headers, docs/protocol.md §6) and validated entry by entry, because every ShortName may
// end up in an SSML attribute and every string in the UI. Pure: no vscode.

import { untrustedText } from '../notifications/untrustedText';
import { isValidVoiceName } from '../settings/speechSettings';
import * as l10n from '../shared/l10n';
import { EDGE_USER_AGENT, withSecMsGec } from '../speech/edgeClient';

/** One voice, as the picker and the cache use it. */
export interface VoiceInfo {
  /** e.g. `en-US-AvaNeural`; always matches `isValidVoiceName`. */
  readonly shortName: string;
  /** e.g. `en-US`, `iu-Cans-CA`, `zh-CN-liaoning`. */
  readonly locale: string;
  /** As the service gives it, e.g. `Microsoft Ava Online (Natural) - English (United States)`. */
  readonly friendlyName: string;
  /** The person, e.g. `Ava`, `Ava Multilingual`. */
  readonly name: string;
  /** The language in words, e.g. `English (United States)`; the locale when the service gives none. */
  readonly language: string;
  /** `Female`, `Male`, or empty. */
  readonly gender: string;
  /** `GA`, `Preview`, `Deprecated`, or empty. */
  readonly status: string;
  readonly personalities: readonly string[];
  readonly categories: readonly string[];
}

/** A voice in the service's own JSON shape (docs/protocol.md §6); the cache stores this shape too. */
export interface EdgeVoiceEntry {
  readonly ShortName: string;
  readonly Locale: string;
  readonly FriendlyName: string;
  readonly Gender: string;
  readonly Status: string;
  readonly VoiceTag: { readonly ContentCategories: readonly string[]; readonly VoicePersonalities: readonly string[] };
}

export interface ParsedVoiceList {
  /** Valid voices, in the service's order, without duplicates. */
  readonly voices: readonly VoiceInfo[];
  /** How many entries were malformed and left out. */
  readonly dropped: number;
}

export type VoiceListErrorKind = 'network' | 'timeout' | 'http' | 'malformed';

export class VoiceListError extends Error {
  override readonly name = 'VoiceListError';

  constructor(
    readonly kind: VoiceListErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const VOICE_LIST_TIMEOUT_MS = 10_000;
/**
 * The service's list is about 0.2 MB for some 550 voices. A server sending more is not the service: the
 * body is refused past this size (and never buffered whole), and the list cut at this many voices, which
 * also bounds what the cache keeps in globalState.
 */
export const MAX_VOICE_LIST_BYTES = 4 * 1024 * 1024;
export const MAX_VOICES = 2000;

/** Locale, optional script, region, optional regional variant: `en-US`, `iu-Cans-CA`, `zh-CN-liaoning`. */
const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?-[A-Z]{2}(?:-[a-z]+)?$/;
/** "Microsoft Ava Online (Natural) - English (United States)". */
const FRIENDLY_NAME_PATTERN = /^Microsoft\s+(.+?)\s+Online(?:\s+\([^)]*\))?\s+-\s+(.+)$/;
const MAX_TEXT_LENGTH = 120;
const MAX_TAGS = 12;

/**
 * Validates a voice list (the service's JSON, or what the cache stored). Malformed entries are dropped, not
 * repaired; the list as a whole is refused only if it is not an array or has no usable voice at all.
 */
export function parseVoiceList(json: unknown): ParsedVoiceList {
  if (!Array.isArray(json)) {
    throw new VoiceListError('malformed', l10n.t("Microsoft Edge's speech service sent a voice list Read Aloud does not understand."));
  }
  const voices: VoiceInfo[] = [];
  const seen = new Set<string>();
  let dropped = Math.max(0, json.length - MAX_VOICES);
  for (const entry of json.slice(0, MAX_VOICES)) {
    const voice = parseVoiceEntry(entry);
    if (!voice || seen.has(voice.shortName)) {
      dropped++;
      continue;
    }
    seen.add(voice.shortName);
    voices.push(voice);
  }
  if (voices.length === 0) {
    throw new VoiceListError('malformed', l10n.t("Microsoft Edge's speech service sent a voice list without a single usable voice."));
  }
  return { voices, dropped };
}

export function parseVoiceEntry(entry: unknown): VoiceInfo | undefined {
  if (typeof entry !== 'object' || entry === null) {
    return undefined;
  }
  const raw = entry as Record<string, unknown>;
  const shortName = raw['ShortName'];
  const locale = raw['Locale'];
  if (typeof shortName !== 'string' || !isValidVoiceName(shortName)) {
    return undefined;
  }
  // A voice whose name does not start with its locale is not one the service would accept back.
  if (typeof locale !== 'string' || !LOCALE_PATTERN.test(locale) || !shortName.startsWith(`${locale}-`)) {
    return undefined;
  }
  const friendlyName = cleanText(raw['FriendlyName']);
  const described = FRIENDLY_NAME_PATTERN.exec(friendlyName);
  const tags = (typeof raw['VoiceTag'] === 'object' && raw['VoiceTag'] !== null ? raw['VoiceTag'] : {}) as Record<string, unknown>;
  return {
    shortName,
    locale,
    friendlyName,
    name: described?.[1] ? spaceBeforeSuffix(described[1]) : nameFromShortName(shortName, locale),
    language: described?.[2] ?? locale,
    gender: cleanText(raw['Gender']),
    status: cleanText(raw['Status']),
    personalities: cleanList(tags['VoicePersonalities']),
    categories: cleanList(tags['ContentCategories']),
  };
}

/** The shape `parseVoiceEntry` reads, so a cached list goes through the same validation as a fresh one. */
export function toEdgeVoiceEntry(voice: VoiceInfo): EdgeVoiceEntry {
  return {
    ShortName: voice.shortName,
    Locale: voice.locale,
    FriendlyName: voice.friendlyName,
    Gender: voice.gender,
    Status: voice.status,
    VoiceTag: { ContentCategories: voice.categories, VoicePersonalities: voice.personalities },
  };
}

export interface FetchVoiceListOptions {
  /** Clock reading for Sec-MS-GEC; defaults to now. */
  readonly nowMs?: number;
  readonly timeoutMs?: number;
  /** Cancels the request early (the timeout applies regardless). */
  readonly signal?: AbortSignal;
}

/**
 * GETs the voice list from `voicesUrl` (the endpoint msedge-tts is configured with, so tests can point it
 * at a local server) with the headers the service expects from Edge, and validates it.
 */
export async function fetchVoiceList(voicesUrl: string, options: FetchVoiceListOptions = {}): Promise<ParsedVoiceList> {
  const timeoutMs = options.timeoutMs ?? VOICE_LIST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let body: unknown;
  try {
    const response = await fetch(withSecMsGec(voicesUrl, options.nowMs ?? Date.now()), {
      headers: { 'User-Agent': EDGE_USER_AGENT, Accept: 'application/json' },
      signal,
    });
    if (!response.ok) {
      // Drain the body so the connection can be reused or closed rather than left hanging.
      await response.arrayBuffer().catch(() => undefined);
      throw httpError(response.status);
    }
    body = JSON.parse(await readBodyWithin(response, MAX_VOICE_LIST_BYTES));
  } catch (error) {
    if (error instanceof VoiceListError || options.signal?.aborted) {
      throw error;
    }
    if (timeout.aborted) {
      throw new VoiceListError(
        'timeout',
        l10n.t("Microsoft Edge's speech service did not send the voice list within {0} s.", timeoutMs / 1000),
        { cause: error },
      );
    }
    if (error instanceof SyntaxError) {
      throw new VoiceListError('malformed', l10n.t("Microsoft Edge's speech service sent a voice list that is not valid JSON."), {
        cause: error,
      });
    }
    const code = errorCode(error);
    const message = code
      ? l10n.t(
          "Can't reach Microsoft Edge's speech service ({0}) to get the voice list. Check your internet connection, proxy or firewall.",
          code,
        )
      : l10n.t("Can't reach Microsoft Edge's speech service to get the voice list. Check your internet connection, proxy or firewall.");
    throw new VoiceListError('network', message, { cause: error });
  }
  return parseVoiceList(body);
}

/** The response body as text, refused (and the download stopped) once it exceeds `maxBytes`. */
async function readBodyWithin(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new VoiceListError(
      'malformed',
      l10n.t(
        "Microsoft Edge's speech service sent a voice list larger than {0} MB; Read Aloud did not use it.",
        Math.round(maxBytes / (1024 * 1024)),
      ),
    );
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) {
    return '';
  }
  // Node's fetch types its body as a stream of `any`; a response body is a stream of bytes.
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return text + decoder.decode();
    }
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

function httpError(status: number): VoiceListError {
  const message =
    status === 403 || status === 401
      ? l10n.t(
          "Microsoft Edge's speech service answered HTTP {0} when asked for the voice list. Check that your system clock is correct; if it is, Read Aloud may need an update.",
          status,
        )
      : l10n.t("Microsoft Edge's speech service answered HTTP {0} when asked for the voice list. Try again later.", status);
  return new VoiceListError('http', message);
}

/** Node's fetch hides the socket error in `cause` (e.g. ECONNREFUSED, ENOTFOUND); '' when there is none. */
function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' && /^E[A-Z_]+$/.test(cause.code) ? cause.code : '';
}

/**
 * These strings are shown in the picker, never trusted: controls, bidi overrides and codicon syntax out
 * (see untrustedText), length capped.
 */
function cleanText(value: unknown): string {
  if (typeof value !== 'string') {
    return '';
  }
  return untrustedText(value, MAX_TEXT_LENGTH);
}

function cleanList(value: unknown): string[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .map(cleanText)
    .filter((text) => text.length > 0)
    .slice(0, MAX_TAGS);
}

/** `en-US-AvaMultilingualNeural` → `Ava Multilingual`, for entries without a usable FriendlyName. */
function nameFromShortName(shortName: string, locale: string): string {
  return spaceBeforeSuffix(shortName.slice(locale.length + 1).replace(/Neural$/, '') || shortName);
}

function spaceBeforeSuffix(name: string): string {
  return name.replace(/(\p{Ll})(Multilingual)$/u, '$1 $2');
}
