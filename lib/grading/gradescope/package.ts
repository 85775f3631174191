/**
 * The Gradescope autograder package: a zip with `setup.sh` (installs Node if
 * needed, Deno 2.9.6 from npm, and the pinned npm dependencies) and
 * `run_autograder` (grades `/autograder/submission` into
 * `/autograder/results/results.json`), plus this repository's `deno.json`,
 * `deno.lock`, `lib/` and the batch grader CLI.
 *
 * Both scripts honour `AUTOGRADER_ROOT` (default `/autograder`) so the
 * package can be exercised locally.
 *
 * @module
 */
import { writeZip, type ZipEntry } from "./zip.ts";

/** The pinned Deno version the package installs. */
export const DENO_VERSION = "2.9.6";

/** `setup.sh`: runs once when Gradescope builds the autograder image. */
export const SETUP_SH = `#!/usr/bin/env bash
# vaelab autograder setup: Deno from npm, then the pinned npm dependencies.
set -euo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
if ! command -v npm >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
npm install -g deno@${DENO_VERSION}
cd "$ROOT/source"
deno install --frozen
deno cache --frozen cli/grade.ts lib/grading/sandbox_main.ts
`;

/** `run_autograder`: runs once per submission. */
export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# vaelab autograder: grade the submitted notebook, write Gradescope's results.json.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
mkdir -p "$ROOT/results"
cd "$ROOT/source"
if ! deno run -A cli/grade.ts "$ROOT/submission" --jobs 1 --out "$ROOT/grading" \\
  --gradescope-results "$ROOT/results/results.json"; then
  if [ ! -s "$ROOT/results/results.json" ]; then
    cat > "$ROOT/results/results.json" <<'JSON'
{"score": 0, "output": "La evaluación automática falló por un error interno; avisa al equipo docente.", "tests": []}
JSON
  fi
fi
`;

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${dir}`)) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...await filesUnder(root, rel));
    else if (entry.isFile) out.push(rel);
  }
  return out.sort();
}

/** Builds the autograder zip from the repository at `repoRoot`. */
export async function buildAutograderZip(repoRoot: string): Promise<{
  zip: Uint8Array;
  files: string[];
}> {
  const files = [
    "deno.json",
    "deno.lock",
    "cli/grade.ts",
    ...await filesUnder(repoRoot, "lib"),
  ];
  const entries: ZipEntry[] = [
    { name: "setup.sh", data: SETUP_SH, mode: 0o755 },
    { name: "run_autograder", data: RUN_AUTOGRADER, mode: 0o755 },
  ];
  for (const file of files) {
    entries.push({
      name: file,
      data: await Deno.readFile(`${repoRoot}/${file}`),
    });
  }
  return { zip: writeZip(entries), files: entries.map((e) => e.name) };
}
