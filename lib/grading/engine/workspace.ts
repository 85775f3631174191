/**
 * Temporary folders the grader owns: named after the grader's PID so that a
 * later run removes what a killed run left behind, removed when the grader
 * exits (the `unload` event, which `Deno.exit` also fires — the commands
 * turn SIGINT and SIGTERM into `Deno.exit`), and removed on every normal
 * path by their owners.
 *
 * @module
 */

const PREFIX = "vaelab-grade-";
const owned = new Set<string>();
let hooked = false;

function tempRoot(): string {
  try {
    return Deno.env.get("TMPDIR") || "/tmp";
  } catch {
    return "/tmp";
  }
}

function alive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    // Without /proc (macOS) nothing is known to be dead: keep it.
    try {
      Deno.statSync("/proc/self");
      return false;
    } catch {
      return true;
    }
  }
}

/** Removes folders of this kind whose owning grader process is gone. */
export function removeStale(): void {
  try {
    for (const entry of Deno.readDirSync(tempRoot())) {
      const m = entry.name.match(/^vaelab-grade-(\d+)-/);
      if (!m || !entry.isDirectory || alive(Number(m[1]))) continue;
      try {
        Deno.removeSync(`${tempRoot()}/${entry.name}`, { recursive: true });
      } catch { /* another user's, or already gone */ }
    }
  } catch { /* no temp folder listing: nothing to do */ }
}

function removeAllOwned(): void {
  for (const dir of owned) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* already gone */ }
  }
  owned.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  globalThis.addEventListener("unload", removeAllOwned);
}

/** A new owned temporary folder; remove it with {@link removeOwned}. */
export async function makeOwned(tag: string): Promise<string> {
  hookExit();
  if (owned.size === 0) removeStale();
  const dir = await Deno.makeTempDir({
    prefix: `${PREFIX}${Deno.pid}-${tag}-`,
  });
  owned.add(dir);
  return dir;
}

/** Removes an owned folder (never throws). */
export async function removeOwned(dir: string): Promise<void> {
  owned.delete(dir);
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

/** Copies a folder tree (regular files and folders only). */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    const a = `${from}/${entry.name}`, b = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyTree(a, b);
    else if (entry.isFile) await Deno.copyFile(a, b);
  }
}
