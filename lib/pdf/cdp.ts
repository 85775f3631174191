/**
 * A minimal client of Chromium's DevTools protocol over one WebSocket:
 * commands (with flat sessions for attached pages) and events.
 *
 * @example
 * ```ts ignore
 * import { Cdp } from "./cdp.ts";
 * const cdp = await Cdp.connect("ws://127.0.0.1:9222/devtools/browser/…");
 * const { targetId } = await cdp.send("Target.createTarget", { url: "about:blank" });
 * cdp.close();
 * ```
 * @module
 */
import { ChromiumPrintError } from "./errors.ts";

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string; code: number };
}

type Listener = (params: Record<string, unknown>, sessionId?: string) => void;

/** One DevTools connection: send commands, wait for or listen to events. */
export class Cdp {
  #next = 1;
  #pending = new Map<
    number,
    {
      resolve: (r: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();
  #listeners: { method: string; listener: Listener }[] = [];
  #closed: Error | undefined;

  /** Wraps an open WebSocket to the browser's DevTools endpoint. */
  constructor(readonly socket: WebSocket) {
    socket.onmessage = (event) => this.#receive(String(event.data));
    socket.onclose = () => {
      this.#closed = new ChromiumPrintError(
        "Chromium cerró la conexión de DevTools",
      );
      for (const p of this.#pending.values()) p.reject(this.#closed);
      this.#pending.clear();
    };
  }

  #receive(data: string): void {
    const msg = JSON.parse(data) as CdpMessage;
    if (msg.id !== undefined) {
      const pending = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      if (!pending) return;
      if (msg.error) {
        pending.reject(new ChromiumPrintError(msg.error.message));
      } else pending.resolve(msg.result ?? {});
    } else if (msg.method) {
      for (const { method, listener } of [...this.#listeners]) {
        if (method === msg.method) listener(msg.params ?? {}, msg.sessionId);
      }
    }
  }

  /** Opens a connection to a DevTools WebSocket URL. */
  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(new Cdp(socket));
      socket.onerror = () =>
        reject(new ChromiumPrintError(`no se pudo conectar a ${url}`));
    });
  }

  /** Sends a command (to a page when `sessionId` is given); resolves with its result. */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  /** Calls `listener` on every event named `method`; returns a function that stops it. */
  on(method: string, listener: Listener): () => void {
    const entry = { method, listener };
    this.#listeners.push(entry);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== entry);
    };
  }

  /** Resolves at the next event named `method` (register before triggering it). */
  once(method: string): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const stop = this.on(method, (params) => {
        stop();
        resolve(params);
      });
    });
  }

  /** Closes the connection (idempotent). */
  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}
