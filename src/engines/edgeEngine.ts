// Edge's online voices as a SpeechEngine: exactly synthesizeSpeech's 4 KB MP3 stream.

import { EDGE_AUDIO_BYTES_PER_SECOND } from '../speech/edgeRequest';
import { synthesizeSpeech, type SynthesisOptions } from '../speech/synthesizeSpeech';
import type { SpeechEngine } from './speechEngine';

export function edgeEngine(options: Omit<SynthesisOptions, 'signal'>): SpeechEngine {
  return {
    id: 'edge',
    audio: { encoding: 'mp3', bytesPerSecond: EDGE_AUDIO_BYTES_PER_SECOND },
    speak: (segments, signal) => synthesizeSpeech(segments, { ...options, signal }),
  };
}
