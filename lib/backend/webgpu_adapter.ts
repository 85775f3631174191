/**
 * Finding a WebGPU adapter and telling a hardware GPU from a software one.
 *
 * Deno 2.9 exposes WebGPU as `navigator.gpu` without any flag. On a machine
 * without a GPU, Mesa's software rasterizer still answers: `llvmpipe` through
 * OpenGL (`libgl1-mesa-dri`) or `lavapipe` through Vulkan
 * (`mesa-vulkan-drivers`), both describing themselves as
 * `"llvmpipe (LLVM …)"`. Such an adapter computes correctly but is much
 * slower than the `wasm` backend, so `--backend auto` never picks it.
 *
 * How an adapter is judged "software" (in this order):
 * 1. `info.isFallbackAdapter` (Deno 2.9 puts it on `GPUAdapterInfo`; older
 *    runtimes on the adapter): wgpu sets it for CPU device types, which is
 *    what llvmpipe and lavapipe report here, through GL and Vulkan alike;
 * 2. the description, device or architecture naming a known software
 *    implementation (llvmpipe, lavapipe, softpipe, SwiftShader, Microsoft
 *    Basic Render Driver / WARP), for drivers that do not report a CPU type.
 *
 * @module
 */

/** What Deno reports about an adapter (`GPUAdapter.info`), as plain data. */
export interface WebGpuAdapterInfo {
  /** PCI vendor id as a decimal string in Deno (e.g. "4318" = NVIDIA), or a name. */
  vendor: string;
  /** GPU family as the driver names it (often empty). */
  architecture: string;
  /** Device id as a decimal string, or a name (often "0" for software). */
  device: string;
  /** The driver's name for the adapter, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)". */
  description: string;
  /** True for a software ("fallback") adapter, when the runtime says. */
  isFallbackAdapter?: boolean;
}

/** What looking for an adapter found. */
export interface WebGpuAdapterReport {
  /** `"ok"`: an adapter answered; otherwise why none is usable. */
  status: "ok" | "no-api" | "no-adapter" | "error";
  /** The adapter's info when `status` is `"ok"`. */
  info?: WebGpuAdapterInfo;
  /** True when the adapter is a software rasterizer (see the module doc). */
  software: boolean;
  /** One Spanish phrase naming the adapter or saying why there is none. */
  summary: string;
}

const SOFTWARE_NAMES =
  /llvmpipe|lavapipe|softpipe|swiftshader|basic render|\bwarp\b|software/i;

const VENDORS: Record<number, string> = {
  0x1002: "AMD",
  0x1010: "Imagination",
  0x106b: "Apple",
  0x10de: "NVIDIA",
  0x13b5: "ARM",
  0x14e4: "Broadcom",
  0x5143: "Qualcomm",
  0x8086: "Intel",
  0x10005: "Mesa",
};

/**
 * Whether `info` describes a software adapter (see the module doc).
 *
 * @example
 * ```ts
 * import { isSoftwareAdapter } from "./webgpu_adapter.ts";
 * isSoftwareAdapter({ vendor: "65541", architecture: "", device: "0",
 *   description: "llvmpipe (LLVM 15.0.6, 256 bits)" }); // true
 * ```
 */
export function isSoftwareAdapter(info: WebGpuAdapterInfo): boolean {
  if (info.isFallbackAdapter === true) return true;
  return [info.description, info.device, info.architecture].some((s) =>
    SOFTWARE_NAMES.test(s ?? "")
  );
}

/**
 * A short human description of an adapter: its description (or vendor and
 * architecture when the driver gives no description), the vendor's name
 * when its PCI id is known, and "por software" for a software adapter.
 *
 * @example
 * ```ts
 * import { describeAdapter } from "./webgpu_adapter.ts";
 * describeAdapter({ vendor: "4318", architecture: "", device: "9479",
 *   description: "NVIDIA GeForce RTX 3060" }); // "NVIDIA GeForce RTX 3060 (NVIDIA)"
 * ```
 */
export function describeAdapter(info: WebGpuAdapterInfo): string {
  const id = /^\d+$/.test(info.vendor) ? Number(info.vendor) : NaN;
  const vendor = VENDORS[id] ?? (info.vendor && isNaN(id) ? info.vendor : "");
  const name = info.description ||
    [vendor, info.architecture].filter(Boolean).join(" ") ||
    "adaptador sin nombre";
  const extras = [
    vendor && !name.toLowerCase().includes(vendor.toLowerCase()) ? vendor : "",
    isSoftwareAdapter(info) ? "por software" : "",
  ].filter(Boolean);
  return extras.length ? `${name} (${extras.join(", ")})` : name;
}

/** The adapter's info as plain data (the runtime's object has getters only). */
export function adapterInfo(adapter: GPUAdapter): WebGpuAdapterInfo {
  const raw = (adapter as unknown as { info?: Record<string, unknown> }).info ??
    {};
  const fallback = raw.isFallbackAdapter ??
    (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: String(raw.vendor ?? ""),
    architecture: String(raw.architecture ?? ""),
    device: String(raw.device ?? ""),
    description: String(raw.description ?? ""),
    ...(typeof fallback === "boolean" ? { isFallbackAdapter: fallback } : {}),
  };
}

/** The runtime's WebGPU entry point, or null when it has none. */
export function webGpuApi(): GPU | null {
  const gpu = (globalThis.navigator as { gpu?: GPU } | undefined)?.gpu;
  return gpu && typeof gpu.requestAdapter === "function" ? gpu : null;
}

/**
 * Runs `request` with `XDG_RUNTIME_DIR` set to a path that does not exist
 * when neither it nor `WAYLAND_DISPLAY` is set (headless Linux: CI,
 * containers, Codespaces). Mesa's Vulkan driver then probes Wayland, and
 * libwayland prints "error: XDG_RUNTIME_DIR is invalid or not set" twice to
 * the terminal on every adapter request; with no session there is nothing
 * to connect to either way, so only the message goes. Restored afterwards.
 */
async function quietWayland<T>(request: () => Promise<T>): Promise<T> {
  let set = false;
  try {
    if (
      Deno.build.os === "linux" && !Deno.env.get("XDG_RUNTIME_DIR") &&
      !Deno.env.get("WAYLAND_DISPLAY")
    ) {
      Deno.env.set("XDG_RUNTIME_DIR", "/nonexistent-vaelab-no-session");
      set = true;
    }
  } catch { /* no --allow-env: leave the environment alone */ }
  try {
    return await request();
  } finally {
    if (set) Deno.env.delete("XDG_RUNTIME_DIR");
  }
}

/**
 * Asks the runtime for its preferred high-performance adapter. Never
 * throws: a runtime without WebGPU, no adapter, an exception or no answer
 * within `timeoutMs` are reported in `status` and `summary`.
 *
 * @example
 * ```ts
 * import { findAdapter } from "./webgpu_adapter.ts";
 * const { adapter, report } = await findAdapter();
 * console.log(report.summary, adapter !== null);
 * ```
 */
export async function findAdapter(
  { timeoutMs = 10_000 } = {},
): Promise<{ adapter: GPUAdapter | null; report: WebGpuAdapterReport }> {
  const gpu = webGpuApi();
  if (!gpu) {
    return {
      adapter: null,
      report: {
        status: "no-api",
        software: false,
        summary: "este entorno no ofrece WebGPU (navigator.gpu no existe)",
      },
    };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const adapter = await Promise.race([
      quietWayland(() =>
        gpu.requestAdapter({ powerPreference: "high-performance" })
      ),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      }),
    ]);
    if (adapter === "timeout") {
      return {
        adapter: null,
        report: {
          status: "error",
          software: false,
          summary: `el controlador no respondió a la petición de adaptador en ${
            timeoutMs / 1000
          } s`,
        },
      };
    }
    if (!adapter) {
      return {
        adapter: null,
        report: {
          status: "no-adapter",
          software: false,
          summary:
            "no hay ningún adaptador WebGPU (ni GPU ni controlador por software)",
        },
      };
    }
    const info = adapterInfo(adapter);
    return {
      adapter,
      report: {
        status: "ok",
        info,
        software: isSoftwareAdapter(info),
        summary: describeAdapter(info),
      },
    };
  } catch (error) {
    return {
      adapter: null,
      report: {
        status: "error",
        software: false,
        summary: `pedir un adaptador WebGPU falló: ${
          error instanceof Error ? error.message : String(error)
        }`,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
