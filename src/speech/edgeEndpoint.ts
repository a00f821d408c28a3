import { MsEdgeTTS } from 'msedge-tts';

/**
 * Where msedge-tts connects. Production always uses the defaults baked into msedge-tts; only tests point
 * it at the local protocol server (the `readAloud.test.setEdgeEndpoint` command in extension.ts, which
 * exists in test mode only, so no workspace file can redirect the user's text).
 *
 * msedge-tts builds its URL from its own class statics (`MsEdgeTTS.getSynthUrl()`), so subclassing does
 * not help: the statics themselves are replaced. This is process-global, hence one function owns it.
 */
export interface EdgeEndpoint {
  readonly speechUrl: string;
  readonly voicesUrl: string;
}

type EndpointStatics = { WSS_URL: string; VOICES_URL: string };

const statics = MsEdgeTTS as unknown as EndpointStatics;
const defaultEndpoint: EdgeEndpoint = { speechUrl: statics.WSS_URL, voicesUrl: statics.VOICES_URL };

export function setEdgeEndpoint(endpoint: EdgeEndpoint): void {
  statics.WSS_URL = endpoint.speechUrl;
  statics.VOICES_URL = endpoint.voicesUrl;
}

export function resetEdgeEndpoint(): void {
  setEdgeEndpoint(defaultEndpoint);
}

export function currentEdgeEndpoint(): EdgeEndpoint {
  return { speechUrl: statics.WSS_URL, voicesUrl: statics.VOICES_URL };
}

export function isDefaultEdgeEndpoint(): boolean {
  return statics.WSS_URL === defaultEndpoint.speechUrl && statics.VOICES_URL === defaultEndpoint.voicesUrl;
}
