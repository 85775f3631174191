/**
 * The two scripts of the Gradescope autograder package.
 *
 * `setup.sh` runs once, as root, when Gradescope builds the image (Ubuntu
 * 22.04 by default, whose apt has Node 12.22.9 and npm 8.5.1). The npm
 * `deno` package cannot be used there: its launcher `bin.cjs` uses syntax
 * Node 12 cannot parse. So the script fetches the Deno binary itself, the
 * platform package `@deno/linux-<arch>-glibc@<version>`, with `npm pack`
 * (which only downloads the tarball: no install scripts, no launcher),
 * unpacks it into `$ROOT/vaelab/bin/deno` and checks its version; then it
 * installs the pinned npm dependencies and caches every module, so grading
 * runs with `--cached-only`. Node/npm come from apt only when missing.
 *
 * `run_autograder` runs once per submission: it grades
 * `$ROOT/submission` as the package's lab and writes
 * `$ROOT/results/results.json`; if the grader cannot even start, it writes
 * a results.json that says so in Spanish, so the student never sees a bare
 * failure. Both honour `AUTOGRADER_ROOT` (default `/autograder`) so the
 * package can be exercised anywhere.
 *
 * @example
 * ```ts
 * import { runAutograderScript, setupScript } from "./scripts.ts";
 * console.log(setupScript("2.9.6"));
 * console.log(runAutograderScript("lab1_elbo_dense_vae"));
 * ```
 * @module
 */

/** The pinned Deno version the package installs. */
export const DENO_VERSION = "2.9.6";

/** Where, under the autograder root, setup.sh installs Deno and its cache. */
export const TOOLS_DIR = "vaelab";

const LAB_ID = /^[A-Za-z0-9_.-]+$/;

/** `setup.sh` for Deno `version` (see the module doc). */
export function setupScript(version: string = DENO_VERSION): string {
  return `#!/usr/bin/env bash
# vaelab autograder setup: runs once, as root, when Gradescope builds the image.
# Installs the Deno ${version} binary from the npm registry without Node running
# any of Deno's npm code (its launcher needs a newer Node than Ubuntu 22.04's
# 12.22.9), then the pinned npm dependencies, then caches every module.
set -euo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
TOOLS="$ROOT/${TOOLS_DIR}"
DENO_VERSION="${version}"
case "$(uname -m)" in
  x86_64 | amd64) PLATFORM="linux-x64-glibc" ;;
  aarch64 | arm64) PLATFORM="linux-arm64-glibc" ;;
  *) echo "setup.sh: arquitectura no soportada: $(uname -m)" >&2; exit 1 ;;
esac
if ! command -v npm >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi
echo "node $(node --version), npm $(npm --version)"
mkdir -p "$TOOLS/bin"
DOWNLOAD="$(mktemp -d)"
trap 'rm -rf "$DOWNLOAD"' EXIT
# npm pack only downloads the package's tarball: nothing of it runs.
(cd "$DOWNLOAD" && npm pack --silent "@deno/$PLATFORM@$DENO_VERSION" >/dev/null)
tar -xzf "$DOWNLOAD"/*.tgz -C "$DOWNLOAD" package/deno
install -m 755 "$DOWNLOAD/package/deno" "$TOOLS/bin/deno"
DENO="$TOOLS/bin/deno"
"$DENO" --version | head -n 1 | grep -qx "deno $DENO_VERSION.*" || {
  echo "setup.sh: se esperaba deno $DENO_VERSION, se obtuvo: $("$DENO" --version | head -n 1)" >&2
  exit 1
}
export DENO_DIR="$TOOLS/deno_dir" DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
cd "$ROOT/source"
"$DENO" install --frozen
find lib cli -name '*.ts' -print0 | xargs -0 "$DENO" cache --frozen
echo "vaelab autograder: deno $DENO_VERSION en $DENO, dependencias en $ROOT/source/node_modules"
`;
}

/** `run_autograder` grading every submission as `lab` (see the module doc). */
export function runAutograderScript(lab: string): string {
  if (!LAB_ID.test(lab)) {
    throw new Error(`invalid lab id ${JSON.stringify(lab)}`);
  }
  return `#!/usr/bin/env bash
# vaelab autograder: grades /autograder/submission as ${lab} and writes
# /autograder/results/results.json (Gradescope's format).
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
export DENO_DIR="$ROOT/${TOOLS_DIR}/deno_dir" DENO_NO_UPDATE_CHECK=1 NO_COLOR=1
mkdir -p "$ROOT/results"
cd "$ROOT/source" || exit 1
"$ROOT/${TOOLS_DIR}/bin/deno" run -A --cached-only --frozen cli/gradescope.ts \\
  --autograde "$ROOT" --lab ${lab}
if [ ! -s "$ROOT/results/results.json" ]; then
  cat > "$ROOT/results/results.json" <<'JSON'
{"score": 0, "output": "La evaluación automática no pudo ejecutarse (error interno del evaluador). Tu entrega se guardó: avisa al equipo docente.", "output_format": "md", "visibility": "visible", "tests": []}
JSON
fi
exit 0
`;
}
