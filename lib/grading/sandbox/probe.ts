/**
 * The probe realm: a fresh Worker with no student code in it that rebuilds
 * a model from the topology a student's function returned (only tfjs's own
 * layer classes can be rebuilt), with every initializer seeded, and
 * measures it: shapes, parameter counts, each layer's settings, and the
 * gradient of a random linear functional of the output with respect to
 * every trainable weight. It runs inside the sandbox process, under its
 * limits; only the bounded `ModelSummary` leaves it.
 *
 * @module
 */
import { useBackend } from "../../backend/setup.ts";
import { summarizeTopology } from "./model_summary.ts";
import type { ModelProbe } from "./protocol.ts";

// The kit's own WASM training kernels: the gradients of convolutions are
// an order of magnitude faster than on the pure-JS cpu backend. (Messages
// that arrive while it starts wait for it: see the handler below.)
const ready = useBackend("wasm", { threads: 1 });

const realm = globalThis as unknown as {
  onmessage: (event: MessageEvent) => void;
  postMessage: (message: unknown) => void;
};
realm.onmessage = async (event: MessageEvent) => {
  const m = event.data as { topology: string; probe: ModelProbe };
  try {
    await ready;
    const summary = await summarizeTopology(m.topology, m.probe);
    realm.postMessage({ ok: true, summary });
  } catch (error) {
    realm.postMessage({
      ok: false,
      error: String((error as Error)?.message ?? error).slice(0, 300),
    });
  }
};
