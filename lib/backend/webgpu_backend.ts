/**
 * The `webgpu` backend as vaelab starts it: tfjs's WebGPU backend
 * (`npm:@tensorflow/tfjs-backend-webgpu`, which has every training kernel)
 * on the adapter {@linkcode findAdapter} finds, with three additions:
 *
 * - synchronous reads (`dataSync`, `arraySync`, the library's figures) work
 *   in Deno through {@linkcode SyncReader}, or fail with a Spanish message
 *   saying to `await tensor.data()` where they cannot;
 * - the device's errors are caught: out of memory, rejected operations and a
 *   lost device stop the next kernel or read with a Spanish
 *   {@linkcode WebGpuError} instead of silently computing on invalid buffers;
 * - the adapter's description is kept for messages, the CLI and the bench.
 *
 * tfjs-backend-webgpu registers itself at import with a priority above
 * `wasm`, which would make it the implicit default of any code that never
 * picks a backend: it is imported only here, on demand, and its
 * registration is replaced by ours at the lowest priority.
 *
 * @module
 */
import * as tf from "tf";
import {
  findAdapter,
  type WebGpuAdapterInfo,
  type WebGpuAdapterReport,
} from "./webgpu_adapter.ts";
import {
  type WebGpuError,
  WebGpuOutOfMemoryError,
  WebGpuSyncReadError,
  WebGpuUnavailableError,
  WebGpuValidationError,
} from "./webgpu_errors.ts";
import { WebGpuDeviceLostError } from "./webgpu_errors.ts";
import { SyncReader } from "./webgpu_sync_read.ts";

/** Options of {@linkcode startWebGpu}. */
export interface WebGpuOptions {
  /**
   * Serve `dataSync()` and other synchronous reads of GPU tensors (default
   * true, where the runtime allows; see `webgpu_sync_read.ts`). With false,
   * they throw a {@linkcode WebGpuSyncReadError}: a way to find every
   * synchronous read, each of which waits for the GPU.
   */
  syncReads?: boolean;
}

/** What the running `webgpu` backend reports about itself. */
export interface WebGpuStatus {
  /** The adapter (see `webgpu_adapter.ts`). */
  adapter: WebGpuAdapterReport & { info: WebGpuAdapterInfo };
  /** Null when synchronous reads work, else why they do not (Spanish). */
  syncReadsOff: string | null;
  /** The first device error, once one happened (sticky). */
  failure: WebGpuError | null;
}

/** The backend internals the additions use (tfjs-backend-webgpu 4.22). */
interface Internals {
  device: GPUDevice;
  tensorMap: {
    get(dataId: object): {
      values: unknown;
      dtype: tf.DataType;
      resource?: unknown;
    };
  };
  commandEncoder: GPUCommandEncoder | null;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(
    dataId: object,
    data: tf.backend_util.BackendValues,
  ): tf.backend_util.BackendValues;
  disposed: boolean;
}

type BackendBase = new (device: GPUDevice, info?: unknown) => tf.KernelBackend;

let running: { backend: tf.KernelBackend; status: WebGpuStatus } | null = null;

/** The running `webgpu` backend's status, or null before it starts. */
export function webGpuStatus(): WebGpuStatus | null {
  return running?.status ?? null;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** tfjs's WebGPUBackend with vaelab's additions (see the module doc). */
function withAdditions(Base: BackendBase, reader: SyncReader | null) {
  return class VaelabWebGpuBackend extends Base {
    readonly status: WebGpuStatus;

    constructor(
      device: GPUDevice,
      adapter: WebGpuStatus["adapter"],
      syncReadsOff: string | null,
    ) {
      super(device, adapter.info);
      const status: WebGpuStatus = { adapter, syncReadsOff, failure: null };
      this.status = status;
      const name = adapter.summary;
      device.addEventListener("uncapturederror", (event) => {
        if (status.failure) return; // later errors follow from the first
        const error = (event as GPUUncapturedErrorEvent).error;
        status.failure = error instanceof GPUOutOfMemoryError
          ? new WebGpuOutOfMemoryError(name, error.message)
          : new WebGpuValidationError(name, error.message);
      });
      device.lost.then((info) => {
        if ((this as unknown as Internals).disposed || status.failure) return;
        status.failure = new WebGpuDeviceLostError(
          name,
          `${info.reason ?? "unknown"}: ${info.message}`,
        );
      });
    }

    private check(): void {
      if (this.status.failure) throw this.status.failure;
    }

    runWebGPUProgram(...args: unknown[]): unknown {
      this.check();
      const base = Base.prototype as unknown as {
        runWebGPUProgram(...a: unknown[]): unknown;
      };
      return base.runWebGPUProgram.apply(this, args);
    }

    override async read(
      dataId: object,
    ): Promise<tf.backend_util.BackendValues> {
      this.check();
      const values = await super.read(dataId);
      this.check();
      return values;
    }

    override readSync(dataId: object): tf.backend_util.BackendValues {
      this.check();
      const self = this as unknown as Internals;
      const data = self.tensorMap.get(dataId);
      if (
        data.values != null || data.dtype === "string" ||
        data.dtype === "complex64" || !(data.resource instanceof GPUBuffer)
      ) {
        return super.readSync(dataId);
      }
      if (!reader) throw new WebGpuSyncReadError(this.status.syncReadsOff!);
      if (self.commandEncoder) {
        self.endComputePassEncoder();
        self.submitQueue();
      }
      const bytes = reader.read(data.resource);
      this.check();
      const values = tf.util.convertBackendValuesAndArrayBuffer(
        bytes,
        data.dtype,
      );
      return self.convertAndCacheOnCPU(dataId, values);
    }

    override dispose(): void {
      const self = this as unknown as Internals;
      if (self.disposed) return;
      super.dispose();
      reader?.destroy();
      self.device.destroy();
    }
  };
}

/** The device limits tfjs-backend-webgpu asks for: the adapter's own. */
function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const l = adapter.limits;
  return {
    requiredFeatures: adapter.features.has("timestamp-query")
      ? ["timestamp-query"]
      : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  };
}

/**
 * Creates the `webgpu` backend on the preferred adapter and registers it
 * (it is not made active: `tf.setBackend("webgpu")` does that). Idempotent:
 * later calls return the running backend's status (their options are
 * ignored).
 *
 * @throws WebGpuUnavailableError (Spanish) when there is no adapter or it
 * gives no device.
 *
 * @example
 * ```ts
 * import * as tf from "tf";
 * import { startWebGpu } from "./webgpu_backend.ts";
 * const status = await startWebGpu();
 * await tf.setBackend("webgpu");
 * console.log(status.adapter.summary);
 * ```
 */
export async function startWebGpu(
  options: WebGpuOptions = {},
): Promise<WebGpuStatus> {
  if (running && tf.engine().registryFactory["webgpu"]) return running.status;
  const { adapter, report } = await findAdapter();
  if (!adapter || !report.info) {
    throw new WebGpuUnavailableError(report.summary);
  }
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice(deviceDescriptor(adapter));
  } catch (error) {
    throw new WebGpuUnavailableError(
      `el adaptador ${report.summary} no dio un dispositivo (${
        message(error)
      })`,
      { cause: error },
    );
  }
  const made = options.syncReads === false
    ? "se desactivaron (syncReads: false)"
    : await SyncReader.create(device);
  const reader = typeof made === "string" ? null : made;
  // Importing registers tfjs's own factory (priority 3): replace it.
  const { WebGPUBackend } = await import("tfwebgpu") as unknown as {
    WebGPUBackend: BackendBase;
  };
  if (tf.engine().registryFactory["webgpu"]) tf.removeBackend("webgpu");
  const Backend = withAdditions(WebGPUBackend, reader);
  const backend = new Backend(
    device,
    report as WebGpuStatus["adapter"],
    typeof made === "string" ? made : null,
  );
  tf.registerBackend("webgpu", () => backend, 0);
  running = { backend, status: backend.status };
  return backend.status;
}
