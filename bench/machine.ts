/**
 * What the benchmark prints about the machine and the peer: CPU model,
 * cores, memory, load, Deno and tfjs versions; PyTorch's version, the BLAS
 * library it loads and the kernel set OpenBLAS picked for this CPU.
 *
 * @module
 */
import * as tf from "tf";

/** The Python that runs the peer (Debian's, where `python3-torch` lives). */
export const PEER_PYTHON = "/usr/bin/python3";

/** CPU model, cores, memory, load average, versions. */
export function machineInfo() {
  let cpu = "unknown CPU";
  try {
    cpu = Deno.readTextFileSync("/proc/cpuinfo").match(
      /^model name\s*:\s*(.+)$/m,
    )?.[1] ?? cpu;
  } catch { /* not Linux */ }
  return {
    cpu,
    cores: navigator.hardwareConcurrency,
    memory_gib: Math.round(Deno.systemMemoryInfo().total / 2 ** 30),
    os: `${Deno.build.os} ${Deno.osRelease()}`,
    deno: Deno.version.deno,
    tfjs: tf.version.tfjs,
    load: Deno.loadavg(),
    date: new Date().toISOString(),
  };
}

function run(args: string[], env: Record<string, string> = {}) {
  try {
    const out = new Deno.Command(PEER_PYTHON, { args, env, stdin: "null" })
      .outputSync();
    const d = new TextDecoder();
    return {
      ok: out.success,
      text: d.decode(out.stdout) + d.decode(out.stderr),
    };
  } catch (error) {
    return { ok: false, text: String(error) };
  }
}

/** PyTorch's version, the BLAS it loads and OpenBLAS's kernel set (or why not known). */
export function peerBlas(script: string) {
  const probe = run(
    [
      "-c",
      "import torch, re; a = torch.ones(256, 256); (a @ a).sum().item(); " +
      "maps = open('/proc/self/maps').read(); " +
      "libs = sorted(set(re.findall(r'/\\S*(?:blas|mkl)\\S*\\.so\\S*', maps))); " +
      "print('torch', torch.__version__); print('blas', ' '.join(libs) or 'none')",
    ],
    { OPENBLAS_VERBOSE: "2" },
  );
  return {
    script,
    python: PEER_PYTHON,
    torch: probe.text.match(/^torch (\S+)/m)?.[1] ?? null,
    blas: probe.text.match(/^blas (.+)$/m)?.[1] ?? null,
    openblas_core: probe.text.match(/^Core: (\S+)/m)?.[1] ?? null,
    openblas_coretype_env: Deno.env.get("OPENBLAS_CORETYPE") ?? null,
    error: probe.ok ? null : probe.text.trim().split("\n").at(-1),
  };
}
