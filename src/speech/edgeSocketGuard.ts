// The one place the project touches msedge-tts's WebSocket. msedge-tts 2.0.7 (pinned) handles messages in
// an `onmessage` that throws inside ws's receiver on anything unexpected (a foreign X-RequestId, a frame
// without headers: the socket is then never read again), and finds audio by searching the whole frame for
// "Path:audio\r\n" and its other paths with `includes()` over the payload too, so header bytes can become
// audio and audio bytes could end the turn. So msedge-tts's handler is never given a message at all: this
// guard takes every message first, and the caller decides what each means (edgeFrames.inspectFrame).
// msedge-tts is still used for what it does well: the token, the handshake and sending the request.

import type { MsEdgeTTS } from 'msedge-tts';
import type WebSocket from 'ws';

/** The parts of the socket the speech path uses. */
export interface EdgeSocket {
  readonly readyState: number;
  readonly isPaused: boolean;
  pause(): void;
  resume(): void;
  close(): void;
  terminate(): void;
}

export interface SocketGuardHandlers {
  /** Every message, as bytes. Called inside try/catch: nothing thrown here reaches ws's receiver. */
  onMessage(data: Uint8Array, isBinary: boolean): void;
  /** The socket closed (code 1006 when no close frame came); `reason` is the service's, unvalidated. */
  onClose(code: number, reason: string): void;
  /** The socket failed (e.g. a message over the size cap, 1009) or `onMessage` threw. */
  onError(error: unknown): void;
}

export interface SocketGuard {
  /** The socket msedge-tts is using now, if it made one. */
  socket(): EdgeSocket | undefined;
}

const SOCKET_FIELD = '_ws';
const PERMESSAGE_DEFLATE = 'permessage-deflate';

/** What of ws's private client state the size cap relies on (checked against ws 8.23.0, pinned). */
interface WsInternals {
  /** A function property, not a method: the cap keeps the original and calls it with `.call(this, …)`. */
  setSocket: (this: WsInternals, socket: unknown, head: unknown, options: Record<string, unknown>) => void;
  _extensions?: Record<string, { _maxPayload?: number } | undefined>;
}

/**
 * Installs the guard on a fresh MsEdgeTTS instance, before `setMetadata` creates its socket. msedge-tts
 * assigns `this._ws = new WebSocket(…)` and sets `onmessage` right after, synchronously; ws defines
 * `onmessage` on its prototype, so an own accessor on the new socket takes msedge-tts's handler and keeps
 * it unused. All of this happens before the upgrade completes, so no message can arrive unguarded.
 */
export function guardEdgeSocket(tts: MsEdgeTTS, maxMessageBytes: number, handlers: SocketGuardHandlers): SocketGuard {
  let current: WebSocket | undefined;
  Object.defineProperty(tts, SOCKET_FIELD, {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (socket: WebSocket | undefined) => {
      current = socket;
      if (socket) {
        install(socket, maxMessageBytes, handlers, () => current === socket);
      }
    },
  });
  return { socket: () => current };
}

function install(socket: WebSocket, maxMessageBytes: number, handlers: SocketGuardHandlers, isCurrent: () => boolean): void {
  let libraryHandler: unknown;
  Object.defineProperty(socket, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => libraryHandler,
    set: (handler: unknown) => {
      libraryHandler = handler; // kept so msedge-tts reads back what it set; never called
    },
  });
  capMessageSize(socket as unknown as WsInternals, maxMessageBytes);
  socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (!isCurrent()) {
      return;
    }
    try {
      handlers.onMessage(toBytes(data), isBinary);
    } catch (error) {
      handlers.onError(error);
    }
  });
  socket.on('error', (error) => {
    if (isCurrent()) {
      handlers.onError(error);
    }
  });
  socket.on('close', (code: number, reason: Buffer) => {
    if (isCurrent()) {
      handlers.onClose(code, reason.toString('utf8'));
    }
  });
}

/**
 * ws reads `maxPayload` for a client once, when the upgrade completes (`setSocket` creates the receiver),
 * from options fixed in its constructor, which msedge-tts calls without one. An own `setSocket` passes
 * the cap; the permessage-deflate extension (negotiated just before) gets it too, so a small compressed
 * message cannot inflate past it either.
 */
function capMessageSize(socket: WsInternals, maxMessageBytes: number): void {
  const setSocket = socket.setSocket;
  if (typeof setSocket !== 'function') {
    throw new Error('ws changed: WebSocket.prototype.setSocket is missing (the message size cap relies on it)');
  }
  socket.setSocket = function (this: WsInternals, tcp: unknown, head: unknown, options: Record<string, unknown>): void {
    const deflate = this._extensions?.[PERMESSAGE_DEFLATE];
    if (deflate) {
      deflate._maxPayload = maxMessageBytes;
    }
    setSocket.call(this, tcp, head, { ...options, maxPayload: maxMessageBytes });
  };
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (Array.isArray(data)) {
    return Buffer.concat(data);
  }
  return data;
}
