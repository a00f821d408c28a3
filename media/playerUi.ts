// The panel's controls. Built with DOM calls (no markup strings, no inline handlers: the CSP forbids them).
import { strings } from './playerText';
import type { ReadingStatus } from './readingLifecycle';

export type PanelStatus = ReadingStatus | { readonly kind: 'idle' };

export interface PanelView {
  readonly status: PanelStatus;
  /** The sentence being read and where ("3 / 41"); empty when idle. */
  readonly caption: { readonly text: string; readonly position: string };
  readonly elapsedSeconds: number;
  readonly paused: boolean;
  readonly controllable: boolean;
}

export interface PanelActions {
  togglePause(): void;
  stop(): void;
  enableAudio(): void;
}

export class PlayerUi {
  private readonly statusText: HTMLElement;
  private readonly elapsed: HTMLElement;
  private readonly captionText: HTMLElement;
  private readonly position: HTMLElement;
  private readonly unlockSection: HTMLElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;

  constructor(parent: HTMLElement, actions: PanelActions) {
    const panel = element('main', 'player');
    panel.setAttribute('aria-label', strings.playerLabel);

    const statusRow = element('div', 'status-row');
    // role=status is a polite live region: screen readers announce Reading…/Paused/errors, not the clock.
    this.statusText = element('span', 'status');
    this.statusText.setAttribute('role', 'status');
    this.statusText.setAttribute('aria-live', 'polite');
    this.elapsed = element('span', 'elapsed');
    this.elapsed.title = strings.elapsedTime;
    statusRow.append(this.statusText, this.elapsed);

    this.unlockSection = element('section', 'unlock');
    this.unlockSection.setAttribute('aria-label', strings.audioBlocked);
    const explanation = element('p', 'unlock-text');
    explanation.textContent = strings.unlockExplanation;
    const unlockButton = button(strings.enableAudio, 'primary', () => actions.enableAudio());
    this.unlockSection.append(explanation, unlockButton);
    this.unlockSection.hidden = true;

    // The sentence being heard, as text (never markup): useful when the editor shows something else.
    const captionRow = element('p', 'caption-row');
    this.captionText = element('span', 'caption');
    this.position = element('span', 'position');
    this.position.title = strings.sentencePosition;
    captionRow.append(this.captionText, this.position);

    const controls = element('div', 'controls');
    this.pauseButton = button(strings.pause, 'secondary', () => actions.togglePause());
    this.stopButton = button(strings.stop, 'secondary', () => actions.stop());
    controls.append(this.pauseButton, this.stopButton);

    panel.append(statusRow, captionRow, this.unlockSection, controls);
    parent.append(panel);
  }

  render(view: PanelView): void {
    const { status } = view;
    setText(this.statusText, statusText(status));
    this.statusText.classList.toggle('error', status.kind === 'failed');
    setText(this.elapsed, formatTime(view.elapsedSeconds));
    setText(this.captionText, view.caption.text);
    setText(this.position, view.caption.position);
    this.unlockSection.hidden = status.kind !== 'blocked';
    setText(this.pauseButton, view.paused ? strings.resume : strings.pause);
    this.pauseButton.disabled = !view.controllable;
    this.stopButton.disabled = !view.controllable;
  }
}

function statusText(status: PanelStatus): string {
  switch (status.kind) {
    case 'idle':
    case 'finished':
      return strings.idle;
    case 'buffering':
      return strings.buffering;
    case 'reading':
      return strings.reading;
    case 'paused':
      return strings.paused;
    case 'blocked':
      return strings.waitingForAudio;
    case 'stopping':
      return strings.stopping;
    case 'failed':
      return status.message;
  }
}

/** `m:ss`, or `h:mm:ss` for long readings. */
export function formatTime(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  return created;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const created = element('button', className);
  created.type = 'button';
  created.textContent = label;
  created.addEventListener('click', onClick);
  return created;
}

/** Writes only real changes: the view is redrawn every 50 ms while playing. */
function setText(target: HTMLElement, text: string): void {
  if (target.textContent !== text) {
    target.textContent = text;
  }
}
