/**
 * Safe access to the Deno Jupyter kernel API (`Deno.jupyter`), which throws
 * when read outside `deno jupyter`.
 *
 * @module
 */

/** Options of `Deno.jupyter.display`. */
export interface JupyterDisplayOptions {
  raw?: boolean;
  update?: boolean;
  display_id?: string;
}

/** The part of `Deno.jupyter` this project uses. */
export interface JupyterApi {
  display(obj: unknown, options?: JupyterDisplayOptions): Promise<void>;
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
