/**
 * Synchronous GPU → CPU reads for the `webgpu` backend in Deno.
 *
 * WebGPU only reads buffers back asynchronously (`mapAsync`), and tfjs's own
 * `readSync` path draws into a 2-D `OffscreenCanvas`, which Deno does not
 * have; so `dataSync()`, `arraySync()` and every synchronous figure of the
 * library would fail on `webgpu`. Deno 2.9's `GPUBuffer.mapAsync` however
 * polls the device to completion (`device_poll(wait)`) *inside the call*,
 * before returning its promise, so a buffer whose copy was submitted just
 * before is already mapped when `mapAsync` returns, and `getMappedRange`
 * reads it. The WebGPU spec does not promise this: this module relies on it
 * only where it was checked — Deno 2.9.x (the version the project pins) —
 * and only after a self-test at start-up reads known values back exactly.
 * Anywhere else {@linkcode SyncReader.create} gives a reason instead, and
 * the backend answers synchronous reads with a Spanish error saying to use
 * `await tensor.data()`.
 *
 * Reads go through one staging buffer of fixed size, chunk by chunk: a
 * staging buffer needs one ordinary (awaited) mapping before Deno reads it
 * this way, which is done once, in `create`.
 *
 * @module
 */

/** Bytes of the staging buffer (reads of bigger buffers go in chunks). */
export const SYNC_CHUNK_BYTES = 4 << 20;

/** Deno versions on which the eager mapping was verified. */
const VERIFIED_DENO = /^2\.9\./;

/** Reads GPU buffers synchronously through one primed staging buffer. */
export class SyncReader {
  private constructor(
    private readonly device: GPUDevice,
    private readonly staging: GPUBuffer,
  ) {}

  /**
   * A reader for `device`, or the Spanish reason why synchronous reads are
   * not available (runtime not verified, self-test failed).
   *
   * @example
   * ```ts
   * import { SyncReader } from "./webgpu_sync_read.ts";
   * const adapter = await navigator.gpu.requestAdapter();
   * const reader = adapter && await SyncReader.create(await adapter.requestDevice());
   * ```
   */
  static async create(
    device: GPUDevice,
    denoVersion: string = Deno.version.deno,
  ): Promise<SyncReader | string> {
    if (!VERIFIED_DENO.test(denoVersion)) {
      return `esta versión de Deno (${denoVersion}) no está comprobada para ` +
        `lecturas síncronas (solo Deno 2.9.x)`;
    }
    const staging = device.createBuffer({
      size: SYNC_CHUNK_BYTES,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      await staging.mapAsync(GPUMapMode.READ);
      staging.unmap();
      const reader = new SyncReader(device, staging);
      const failure = reader.selfTest();
      if (failure) {
        staging.destroy();
        return failure;
      }
      return reader;
    } catch (error) {
      staging.destroy();
      return `la comprobación de lectura síncrona falló (${
        error instanceof Error ? error.message : String(error)
      })`;
    }
  }

  /**
   * Copies `size` bytes (a multiple of 4) of `source` to the CPU and
   * returns them, blocking until the GPU work that writes `source` is done.
   * The caller must have submitted that work already.
   */
  read(source: GPUBuffer, size: number = source.size): ArrayBuffer {
    const out = new Uint8Array(size);
    for (let offset = 0; offset < size; offset += SYNC_CHUNK_BYTES) {
      const n = Math.min(SYNC_CHUNK_BYTES, size - offset);
      const encoder = this.device.createCommandEncoder();
      encoder.copyBufferToBuffer(source, offset, this.staging, 0, n);
      this.device.queue.submit([encoder.finish()]);
      // Deno 2.9 maps before this call returns (see the module doc); the
      // promise settles later and carries nothing we need.
      this.staging.mapAsync(GPUMapMode.READ, 0, n).catch(() => {});
      try {
        out.set(new Uint8Array(this.staging.getMappedRange(0, n)), offset);
      } finally {
        try {
          this.staging.unmap();
        } catch { /* not mapped: getMappedRange threw above */ }
      }
    }
    return out.buffer;
  }

  /** Frees the staging buffer. */
  destroy(): void {
    this.staging.destroy();
  }

  /** Reads a known pattern across two chunks; a reason when it differs. */
  private selfTest(): string | null {
    const size = SYNC_CHUNK_BYTES + 4096;
    const source = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    try {
      const expected = new Uint32Array(size / 4).map((_, i) =>
        (i * 2654435761) >>> 0
      );
      this.device.queue.writeBuffer(source, 0, expected);
      const got = new Uint32Array(this.read(source));
      const bad = got.findIndex((v, i) => v !== expected[i]);
      return bad < 0
        ? null
        : `la lectura síncrona de prueba devolvió valores ` +
          `distintos (posición ${bad})`;
    } catch (error) {
      return `esta versión de Deno no completa la lectura al instante (${
        error instanceof Error ? error.message : String(error)
      })`;
    } finally {
      source.destroy();
    }
  }
}
