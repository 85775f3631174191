/**
 * The Gradescope autograder package of one lab: a zip with `setup.sh` and
 * `run_autograder` (`scripts.ts`), `vaelab_autograder.json` (the pinned
 * lab, the kit's and Deno's versions), this repository's `deno.json`,
 * `deno.lock`, `lib/`, `cli/gradescope.ts` (the runner), and the lab's
 * released notebook `notebooks/<lab>.ipynb` (the copy submissions are
 * compared with). Masters (`solutions/`) are never packaged.
 *
 * @example
 * ```ts
 * import { buildAutograderZip } from "./package.ts";
 * const { zip, files } = await buildAutograderZip(".", "lab1_elbo_dense_vae");
 * console.log(files.length, zip.length);
 * ```
 * @module
 */
import { KIT_VERSION } from "../engine/grade.ts";
import { DENO_VERSION, runAutograderScript, setupScript } from "./scripts.ts";
import { writeZip, type ZipEntry } from "./zip.ts";

/** What `vaelab_autograder.json` records. */
export interface PackageInfo {
  /** The lab the package grades. */
  lab: string;
  /** The kit's version. */
  kitVersion: string;
  /** The Deno version setup.sh installs. */
  denoVersion: string;
}

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${dir}`)) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await filesUnder(root, rel));
    else if (entry.isFile) out.push(rel);
  }
  return out.sort();
}

/** Builds the autograder zip of `lab` from the repository at `repoRoot`. */
export async function buildAutograderZip(
  repoRoot: string,
  lab: string,
): Promise<{ zip: Uint8Array; files: string[]; info: PackageInfo }> {
  const info: PackageInfo = {
    lab,
    kitVersion: KIT_VERSION,
    denoVersion: DENO_VERSION,
  };
  const files = [
    "deno.json",
    "deno.lock",
    "cli/gradescope.ts",
    `notebooks/${lab}.ipynb`,
    ...await filesUnder(repoRoot, "lib"),
  ];
  const entries: ZipEntry[] = [
    { name: "setup.sh", data: setupScript(), mode: 0o755 },
    { name: "run_autograder", data: runAutograderScript(lab), mode: 0o755 },
    {
      name: "vaelab_autograder.json",
      data: JSON.stringify(info, null, 1) + "\n",
    },
  ];
  for (const file of files) {
    entries.push({
      name: file,
      data: await Deno.readFile(`${repoRoot}/${file}`),
    });
  }
  return { zip: writeZip(entries), files: entries.map((e) => e.name), info };
}
