// Sec-MS-GEC, the time-windowed token Edge puts in the synthesis URL (docs/protocol.md §1).
// Written independently of msedge-tts (BigInt instead of doubles) so a test that compares the two
// would catch a mistake in either.
import { createHash } from 'node:crypto';

export const TRUSTED_CLIENT_TOKEN = '6A5AA1D4EAFF4E9FB37E23D68491D6F4';

/** Seconds from the Windows FILETIME epoch (1601-01-01) to the Unix epoch. */
const WINDOWS_EPOCH_OFFSET_S = 11_644_473_600n;
const WINDOW_S = 300n;
export const SEC_MS_GEC_WINDOW_MS = 300_000;

/** The token a correct client computes when its clock reads `atMs` (Unix ms). */
export function secMsGecAt(atMs: number): string {
  const seconds = BigInt(Math.floor(atMs / 1000)) + WINDOWS_EPOCH_OFFSET_S;
  const windowStart = seconds - (seconds % WINDOW_S);
  const fileTimeTicks = windowStart * 10_000_000n; // FILETIME counts 100-ns ticks
  return createHash('sha256').update(`${fileTimeTicks}${TRUSTED_CLIENT_TOKEN}`, 'ascii').digest('hex').toUpperCase();
}

/**
 * The service accepts the token of the current 5-minute window and of the previous one (a client that
 * computed it just before a boundary must not fail), judged by the server's clock, not the client's.
 */
export function isAcceptedSecMsGec(token: string, serverNowMs: number): boolean {
  return token === secMsGecAt(serverNowMs) || token === secMsGecAt(serverNowMs - SEC_MS_GEC_WINDOW_MS);
}
