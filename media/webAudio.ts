// The webview's one AudioContext, for system-voice readings. Like the one <audio> element, it lives as long
// as the webview: created (or resumed) inside the "Enable audio" click, it stays allowed to play for good;
// created later, it starts only if the webview already had that click (Chromium's sticky activation).

let shared: AudioContext | undefined;

export function sharedAudioContext(): AudioContext {
  shared ??= new AudioContext({ latencyHint: 'interactive' });
  return shared;
}

/** Inside a click: create or resume the context so later PCM readings need no click of their own. */
export function unlockAudioContext(): void {
  void sharedAudioContext()
    .resume()
    .catch(() => undefined);
}
