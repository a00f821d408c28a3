import { MsEdgeTTS } from 'msedge-tts';
import WebSocket from 'ws';
import { EDGE_ORIGIN, EDGE_USER_AGENT, SEC_MS_GEC_VERSION, secMsGec, TRUSTED_CLIENT_TOKEN } from './edgeClient';
import { currentEdgeEndpoint } from './edgeEndpoint';

// The service only accepts a Sec-MS-GEC token derived from the current 5-minute window of *its* clock,
// and answers 403 otherwise (docs/protocol.md §1). msedge-tts uses the local clock and has no correction;
// the public Python client (edge-tts) reads the server's Date header from the 403 and retries once. We do the same:
// msedge-tts hides that response, so a probe handshake fetches it, and msedge-tts's token function is
// replaced by one that adds the measured skew (a process-wide patch, like the endpoint seam).

const EDGE_HEADERS = { 'User-Agent': EDGE_USER_AGENT, Origin: EDGE_ORIGIN };
const PROBE_TIMEOUT_MS = 5000;
/** Below this the clock is not the problem. */
const SIGNIFICANT_SKEW_MS = 60_000;

let skewMs = 0;
// msedge-tts's static does not use `this`, so it can be kept apart from the class and put back.
type TokenStatics = { generateSecMsGec(this: void, token: string): Promise<string> };
const statics = MsEdgeTTS as unknown as TokenStatics;
const originalGenerateSecMsGec = statics.generateSecMsGec;

/** How far the service's clock is ahead of ours, as last measured (0 until a 403 made us look). */
export function currentClockSkewMs(): number {
  return skewMs;
}

export function setClockSkew(ms: number): void {
  skewMs = ms;
  // msedge-tts passes the same public token; the window is what the skew moves.
  statics.generateSecMsGec = () => Promise.resolve(secMsGec(Date.now() + skewMs));
}

/** Back to msedge-tts's own token function (tests). */
export function resetClockSkew(): void {
  skewMs = 0;
  statics.generateSecMsGec = originalGenerateSecMsGec;
}

/**
 * After a 403: asks the service for its time and, if our clock is off by more than a minute, corrects the
 * token from now on. Returns whether a retry is worth it (the skew was significant and is now corrected).
 */
export async function correctClockSkew(): Promise<boolean> {
  const serverDate = await probeServerDate(currentEdgeEndpoint().speechUrl);
  if (serverDate === undefined) {
    return false;
  }
  const measured = serverDate - Date.now();
  if (Math.abs(measured - skewMs) < SIGNIFICANT_SKEW_MS) {
    return false;
  }
  setClockSkew(measured);
  return true;
}

/** A handshake with a deliberately stale token; the 403 that comes back carries the service's Date. */
function probeServerDate(speechUrl: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const url = `${speechUrl}?TrustedClientToken=${TRUSTED_CLIENT_TOKEN}&Sec-MS-GEC=${secMsGec(0)}&Sec-MS-GEC-Version=${SEC_MS_GEC_VERSION}&ConnectionId=${'0'.repeat(32)}`;
    const socket = new WebSocket(url, { headers: EDGE_HEADERS, handshakeTimeout: PROBE_TIMEOUT_MS });
    const done = (date: number | undefined) => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(date);
    };
    socket.on('unexpected-response', (request, response) => {
      const header = response.headers.date;
      const parsed = header ? Date.parse(header) : Number.NaN;
      request.destroy();
      done(Number.isFinite(parsed) ? parsed : undefined);
    });
    socket.on('open', () => done(undefined));
    socket.on('error', () => done(undefined));
  });
}
