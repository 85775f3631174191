/**
 * The `webgpu` backend's errors, each a Spanish message for the student that
 * says what happened and what to do.
 *
 * @module
 */

/** Base class of every error the `webgpu` backend raises itself. */
export class WebGpuError extends Error {
  /**
   * An error whose message is shown to the student as it is.
   * @param message what happened and what to do (Spanish).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No usable adapter: no WebGPU in this runtime, no GPU driver, or a failure. */
export class WebGpuUnavailableError extends WebGpuError {
  /**
   * The message says to use `wasm` or `auto`, or to install Mesa.
   * @param why what the adapter search found (see `findAdapter`).
   */
  constructor(why: string, options?: ErrorOptions) {
    super(
      `no se puede usar el backend webgpu: ${why}. ` +
        `Use --backend wasm (o VAELAB_BACKEND=wasm), o --backend auto, que ` +
        `elige wasm cuando no hay una GPU más rápida; en Linux sin GPU, ` +
        `instale Mesa (apt-get install mesa-vulkan-drivers) para tener el ` +
        `adaptador por software, correcto pero lento.`,
      options,
    );
  }
}

/** The adapter ran out of memory (a `GPUOutOfMemoryError` was reported). */
export class WebGpuOutOfMemoryError extends WebGpuError {
  /**
   * The message names the adapter and the driver's message, and what to do.
   * @param adapter the adapter's description.
   * @param detail the driver's message.
   */
  constructor(adapter: string, detail: string, options?: ErrorOptions) {
    super(
      `la GPU (${adapter}) se quedó sin memoria (${detail}). ` +
        `Reduzca el tamaño del lote (--batch / batchSize) o el número de ` +
        `imágenes (--images), libere tensores que ya no use (tf.dispose, ` +
        `tf.tidy), cierre otros programas que usen la GPU, o entrene con ` +
        `--backend wasm, que usa la memoria del sistema. Los resultados ` +
        `calculados después del error no son válidos: reinicie el proceso ` +
        `(o el kernel del notebook).`,
      options,
    );
  }
}

/** The adapter rejected an operation (e.g. a tensor larger than its limits). */
export class WebGpuValidationError extends WebGpuError {
  /**
   * The message names the adapter and the driver's message, and what to do.
   * @param adapter the adapter's description.
   * @param detail the driver's message.
   */
  constructor(adapter: string, detail: string, options?: ErrorOptions) {
    super(
      `la GPU (${adapter}) rechazó una operación (${detail}). Suele ser un ` +
        `tensor mayor que el máximo del adaptador: reduzca el lote o los ` +
        `datos que pasa de una vez, o use --backend wasm. Los resultados ` +
        `calculados después del error no son válidos: reinicie el proceso.`,
      options,
    );
  }
}

/** The device was lost (driver reset, GPU removed, or destroyed). */
export class WebGpuDeviceLostError extends WebGpuError {
  /**
   * The message names the adapter and the reason, and says to restart.
   * @param adapter the adapter's description.
   * @param detail the runtime's reason and message.
   */
  constructor(adapter: string, detail: string, options?: ErrorOptions) {
    super(
      `se perdió el dispositivo WebGPU (${adapter}): ${detail}. Los tensores ` +
        `de la GPU ya no existen: reinicie el proceso (o el kernel del ` +
        `notebook); si se repite, use --backend wasm.`,
      options,
    );
  }
}

/** A synchronous read (`dataSync`, `arraySync`) the runtime cannot serve. */
export class WebGpuSyncReadError extends WebGpuError {
  /**
   * The message says to `await tensor.data()` first, or to use `wasm`.
   * @param why why synchronous reads are off in this process.
   */
  constructor(why: string, options?: ErrorOptions) {
    super(
      `en el backend webgpu no se puede leer un tensor de la GPU de forma ` +
        `síncrona (dataSync, arraySync, figuras con tensores) porque ${why}. ` +
        `Espere antes sus valores con "await tensor.data()" (después dataSync ` +
        `funciona sobre ese tensor), o use --backend wasm.`,
      options,
    );
  }
}
