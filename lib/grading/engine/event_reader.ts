/**
 * Splits a sandbox's stdout into protocol events with bounded memory:
 * only lines that start with the job's nonce are kept, each up to
 * `MAX_LINE` characters; anything else (whatever student code prints) is
 * dropped as it streams, never accumulated.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EventReader } from "./event_reader.ts";
 * const seen: unknown[] = [];
 * const reader = new EventReader("@@n@@", (e) => seen.push(e));
 * reader.push('noise\n@@n@@{"e":"start","id":"a"}\n@@x@@{"e":"done","id":"a"}\n');
 * assert.deepEqual(seen, [{ e: "start", id: "a" }]);
 * ```
 * @module
 */
import { MAX_LINE, type SandboxEvent } from "../sandbox/protocol.ts";

/** Splits stdout into protocol events: only nonce lines, each bounded. */
export class EventReader {
  #head = "";
  #parts: string[] = [];
  #length = 0;
  #skip = false;
  /** Characters read so far. */
  total = 0;

  constructor(
    readonly nonce: string,
    readonly handle: (e: SandboxEvent) => void,
  ) {}

  #end(): void {
    if (!this.#skip && this.#head === this.nonce) {
      try {
        this.handle(JSON.parse(this.#parts.join("").slice(this.nonce.length)));
      } catch { /* a broken line: ignore */ }
    }
    this.#head = "";
    this.#parts = [];
    this.#length = 0;
    this.#skip = false;
  }

  #add(text: string): void {
    if (this.#skip || text.length === 0) return;
    if (this.#head.length < this.nonce.length) {
      this.#head += text.slice(0, this.nonce.length - this.#head.length);
      if (!this.nonce.startsWith(this.#head)) {
        this.#skip = true;
        this.#parts = [];
        return;
      }
    }
    this.#length += text.length;
    if (this.#length > MAX_LINE) {
      this.#skip = true;
      this.#parts = [];
      return;
    }
    this.#parts.push(text);
  }

  /** Feeds the next chunk of stdout. */
  push(text: string): void {
    this.total += text.length;
    let from = 0, newline: number;
    while ((newline = text.indexOf("\n", from)) >= 0) {
      this.#add(text.slice(from, newline));
      this.#end();
      from = newline + 1;
    }
    this.#add(text.slice(from));
  }
}
