// Entry of the player webview: wires the host channel, the panel and the current reading together.
import { ToPlayerMessage } from '../src/shared/protocol';
import { HostChannel } from './hostChannel';
import { PlayerUi } from './playerUi';
import { PcmReading } from './pcmReading';
import { PlayerReading } from './playerReading';
import { Reading } from './reading';
import type { ReadingOutput } from './readingLifecycle';
import { sharedAudioContext, unlockAudioContext } from './webAudio';
import { ReaderView } from './readerView';

const channel = new HostChannel();
let audioUnlocked = channel.readState().audioUnlocked;

// One <audio> element for the webview's life: VS Code's autoplay unlock belongs to the element that
// was played from a click (microsoft/vscode#237030); a new element would be locked again.
const audio = document.createElement('audio');
audio.preload = 'auto';
document.body.append(audio);

let reading: PlayerReading | undefined;
const NO_CAPTION = { text: '', position: '' };
let caption = NO_CAPTION;

const output: ReadingOutput = {
  post: (message) => channel.post(message),
  changed: () => render(),
};

const ui = new PlayerUi(document.body, {
  togglePause: () => reading?.setPaused(!reading.paused),
  stop: () => reading?.requestStop(),
  enableAudio: () => {
    // One click unlocks both ways of playing: the <audio> element (Edge) and the AudioContext (system voice).
    unlockAudioContext();
    if (reading !== undefined) {
      reading.unlock();
    }
    if (!(reading instanceof Reading)) {
      // No MP3 reading to play (none, or a system-voice one): playing the element still unlocks it for the next one.
      audio.play().catch(() => undefined);
    }
    if (!audioUnlocked) {
      audioUnlocked = true;
      channel.writeState({ audioUnlocked });
    }
    channel.post({ type: 'audioUnlocked' });
    render();
  },
});

// The text being read; choosing a sentence asks the host to read from there.
const readerView = new ReaderView(document.body, {
  jumpTo: (sentence) => {
    if (reading !== undefined && reading.controllable) {
      channel.post({ type: 'jumpToSentence', readingId: reading.id, sentence });
    }
  },
});

// While a reading plays, the reader view follows its audio clock every frame (rAF pauses while the panel
// is hidden, when there is nothing to see). The clock is the reading's own: the <audio> element's for
// Edge, Web Audio's for the system voice (the <audio> element stands still then).
let following = false;
const clockMoves = (): boolean => reading !== undefined && (reading.status.kind === 'reading' || reading.status.kind === 'buffering');
function followAudio(): void {
  if (reading === undefined || !clockMoves()) {
    following = false;
    return;
  }
  readerView.tick(reading.elapsedSeconds);
  requestAnimationFrame(followAudio);
}
function startFollowing(): void {
  if (!following && clockMoves()) {
    following = true;
    requestAnimationFrame(followAudio);
  }
}
audio.addEventListener('seeked', () => {
  if (reading !== undefined) {
    readerView.tick(reading.elapsedSeconds);
  }
});

function render(): void {
  ui.render(
    reading === undefined
      ? { status: { kind: 'idle' }, caption: NO_CAPTION, elapsedSeconds: 0, paused: false, controllable: false }
      : {
          status: reading.status,
          caption,
          elapsedSeconds: reading.elapsedSeconds,
          paused: reading.paused,
          controllable: reading.controllable,
        },
  );
  // Every change of the reading's state comes through here: playing again starts the following.
  startFollowing();
}

function onHostMessage(message: ToPlayerMessage): void {
  if (message.type === 'start') {
    reading?.dispose();
    reading = message.pcm
      ? new PcmReading(message.readingId, message.pcm.sampleRate, sharedAudioContext(), output)
      : new Reading(message.readingId, message.playbackRate, audio, output);
    caption = NO_CAPTION;
    readerView.clear();
    render();
    return;
  }
  // Messages of any other reading belong to a cancelled one (its chunks may still be in flight): drop them.
  if (reading === undefined || message.readingId !== reading.id) {
    return;
  }
  switch (message.type) {
    case 'chunk':
      reading.appendChunk(message.seq, message.data);
      break;
    case 'end':
      reading.endOfAudio();
      break;
    case 'stop':
      reading.dispose();
      reading = undefined;
      readerView.clear();
      render();
      break;
    case 'readerText':
      readerView.setText(message.first, message.sentences);
      break;
    case 'readerPosition':
      readerView.setHostPosition(message.sentence, message.wordStart, message.wordEnd);
      break;
    case 'readerWords':
      readerView.addWords(message.words);
      readerView.tick(reading.elapsedSeconds);
      startFollowing();
      break;
    case 'setPaused':
      reading.setPaused(message.paused);
      break;
    case 'setPlaybackRate':
      reading.setPlaybackRate(message.playbackRate);
      break;
    case 'seek':
      reading.seek(message.seconds);
      break;
    case 'caption':
      caption = { text: message.text, position: message.position };
      render();
      break;
  }
}

channel.listen(onHostMessage);
render();
channel.post({ type: 'ready', audioUnlocked });
