// Connects a SpeechSession running in Node to the real player running in Chromium, the way VS Code
// connects the extension host to the webview: ordered messages in, recorded messages out.

import type { PlayerChannel } from '../src/session/SpeechSession';
import type { FromPlayerMessage, ToPlayerMessage } from '../src/shared/protocol';
import type { PlayerPage, RecordedMessage } from '../test/browser/harness';

const POLL_MS = 10;

export class BrowserPlayerChannel implements PlayerChannel {
  private readonly listeners = new Set<(message: FromPlayerMessage) => void>();
  private sending: Promise<void> = Promise.resolve();
  private seen = 0;
  private polling = false;
  private readonly poller: NodeJS.Timeout;
  /** Every player message with the page's wall-clock time (ms since the epoch) when it was posted. */
  readonly received: RecordedMessage[] = [];

  constructor(private readonly player: PlayerPage) {
    this.poller = setInterval(() => void this.poll(), POLL_MS);
  }

  /** Wall-clock time (ms since the epoch) at which each reading's first chunk was posted. */
  readonly firstChunkPostedAt = new Map<number, number>();

  post(message: ToPlayerMessage): void {
    if (message.type === 'chunk' && !this.firstChunkPostedAt.has(message.readingId)) {
      this.firstChunkPostedAt.set(message.readingId, performance.timeOrigin + performance.now());
    }
    // Serialized so the page sees messages in posting order, as a webview does.
    const wire = message.type === 'chunk' ? { ...message, data: undefined, base64: Buffer.from(message.data).toString('base64') } : message;
    this.sending = this.sending.then(() =>
      this.player.page.evaluate(
        (m: Record<string, unknown>) => {
          if (typeof m.base64 === 'string') {
            m.data = Uint8Array.from(atob(m.base64), (c) => c.charCodeAt(0)).buffer;
            delete m.base64;
          }
          window.__host.send(m);
        },
        wire as Record<string, unknown>,
      ),
    );
  }

  /** Resolves once everything posted so far has reached the page. */
  flushed(): Promise<void> {
    return this.sending;
  }

  onMessage(listener: (message: FromPlayerMessage) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async waitFor(test: (message: RecordedMessage) => boolean, timeoutMs: number): Promise<RecordedMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.received.find(test);
      if (found) {
        return found;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error('timed out waiting for a player message');
  }

  dispose(): void {
    clearInterval(this.poller);
    this.listeners.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling) {
      return;
    }
    this.polling = true;
    let fresh: RecordedMessage[];
    try {
      fresh = await this.player.page.evaluate((from) => window.__host.inbox.slice(from), this.seen);
    } catch {
      return; // the page is closing
    } finally {
      this.polling = false;
    }
    this.seen += fresh.length;
    for (const message of fresh) {
      this.received.push(message);
      this.listeners.forEach((listener) => listener(message));
    }
  }
}
