/**
 * The zero-install ways in are wired to the one install script CI runs: the
 * devcontainer (VS Code, Codespaces) creates itself with `.ci/install` on a
 * Debian image that has what the script expects (Node.js, npm, python3,
 * apt), `.ci/run` runs the same script, and `.vscode/` enables Deno and
 * recommends the Deno and Jupyter extensions the README points students to.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const EXTENSIONS = ["denoland.vscode-deno", "ms-toolsai.jupyter"];

async function json(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(`${ROOT}${path}`));
}

Deno.test("devcontainer: a Debian image with Node.js, created by .ci/install, with the Deno and Jupyter extensions", async () => {
  const config = await json(".devcontainer/devcontainer.json");
  assert.match(
    String(config.image),
    /^mcr\.microsoft\.com\/devcontainers\/javascript-node:[\w.-]*bookworm$/,
  );
  assert.equal(config.postCreateCommand, ".ci/install");
  const vscode =
    (config.customizations as Record<string, Record<string, unknown>>)
      .vscode;
  assert.deepEqual(vscode.extensions, EXTENSIONS);
  assert.equal(
    (vscode.settings as Record<string, unknown>)["deno.enable"],
    true,
  );
  assert.ok((config.forwardPorts as number[]).includes(8888));
});

Deno.test(".ci/run runs .ci/install, which is an executable bash script that parses", async () => {
  const run = await Deno.readTextFile(`${ROOT}.ci/run`);
  assert.match(run, /^\.ci\/install$/m);
  const info = await Deno.stat(`${ROOT}.ci/install`);
  assert.ok((info.mode ?? 0) & 0o100, ".ci/install is not executable");
  const parse = await new Deno.Command("bash", {
    args: ["-n", `${ROOT}.ci/install`],
    stderr: "piped",
  }).output();
  assert.ok(parse.success, new TextDecoder().decode(parse.stderr));
  const script = await Deno.readTextFile(`${ROOT}.ci/install`);
  // Root in CI, a user with sudo in the devcontainer.
  assert.match(script, /sudo "\$@"/);
  assert.match(script, /deno jupyter --install/);
  assert.match(script, /jupyter-notebook/);
});

Deno.test(".vscode: Deno enabled with the project's config, the Deno and Jupyter extensions recommended", async () => {
  const settings = await json(".vscode/settings.json");
  assert.equal(settings["deno.enable"], true);
  assert.equal(settings["deno.config"], "./deno.json");
  const extensions = await json(".vscode/extensions.json");
  assert.deepEqual(extensions.recommendations, EXTENSIONS);
});
