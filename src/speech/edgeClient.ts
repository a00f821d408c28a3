// How a request must look for Edge's speech service to answer it (docs/protocol.md §1, §6). msedge-tts
// does this for its own WebSocket only; the voice list and the clock-skew probe are our requests, and
// use these. Pure: no vscode.

import { createHash } from 'node:crypto';

/** The client token Edge's Read Aloud ships with; the service checks it, and it is public. */
export const TRUSTED_CLIENT_TOKEN = '6A5AA1D4EAFF4E9FB37E23D68491D6F4';

/** The Edge build we claim to be: the same as msedge-tts 2.0.7 sends on its socket. */
export const SEC_MS_GEC_VERSION = '1-143.0.3650.96';

/** Since Dec 2025 the service refuses clients that do not look like Edge (msedge-tts issue #26). */
export const EDGE_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36 Edg/143.0.0.0';

/** The extension id of Edge's Read Aloud, which the service expects as the handshake's Origin. */
export const EDGE_ORIGIN = 'chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold';

/** Seconds between the Windows FILETIME epoch (1601) and the Unix epoch (1970). */
const FILETIME_EPOCH_OFFSET_S = 11_644_473_600n;
/** The token changes every five minutes. */
const WINDOW_S = 300n;

/**
 * Sec-MS-GEC for a clock reading of `nowMs`: SHA-256 of "<window start in FILETIME ticks><token>", upper-case
 * hex. BigInt keeps the 18-digit tick count exact without relying on it happening to fit a double.
 */
export function secMsGec(nowMs: number): string {
  const seconds = BigInt(Math.floor(nowMs / 1000)) + FILETIME_EPOCH_OFFSET_S;
  const ticks = (seconds - (seconds % WINDOW_S)) * 10_000_000n;
  return createHash('sha256').update(`${ticks}${TRUSTED_CLIENT_TOKEN}`, 'ascii').digest('hex').toUpperCase();
}

/** `baseUrl` (which already carries the trusted client token) with the time-windowed token appended. */
export function withSecMsGec(baseUrl: string, nowMs: number): string {
  const separator = baseUrl.includes('?') ? '&' : '?';
  return `${baseUrl}${separator}Sec-MS-GEC=${secMsGec(nowMs)}&Sec-MS-GEC-Version=${SEC_MS_GEC_VERSION}`;
}
