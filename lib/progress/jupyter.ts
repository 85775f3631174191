/**
 * Safe access to the Deno Jupyter kernel API (`Deno.jupyter`), which throws
 * when read outside `deno jupyter`.
 *
 * @module
 */

/** Options of `Deno.jupyter.display`. */
export interface JupyterDisplayOptions {
  /** Treat the object as a ready media bundle. */
  raw?: boolean;
  /** Update an existing display instead of adding one. */
  update?: boolean;
  /** Id of the display to create or update. */
  display_id?: string;
}

/** The part of `Deno.jupyter` this project uses. */
export interface JupyterApi {
  /** Shows an object in the current cell. */
  display(obj: unknown, options?: JupyterDisplayOptions): Promise<void>;
  /** Sends a raw message on the IOPub channel. */
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

/**
 * Returns `Deno.jupyter` when running inside the Deno Jupyter kernel, or
 * `undefined` in a terminal (where merely reading it throws).
 *
 * @example
 * ```ts
 * import { jupyterApi } from "./jupyter.ts";
 * if (jupyterApi()) console.log("en un cuaderno");
 * ```
 */
export function jupyterApi(): JupyterApi | undefined {
  try {
    const api = (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
    return api && typeof api.display === "function" ? api : undefined;
  } catch {
    return undefined;
  }
}

/** True inside the Deno Jupyter kernel. */
export function inNotebook(): boolean {
  return jupyterApi() !== undefined;
}
