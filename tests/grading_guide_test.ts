/**
 * The README's "Add an exercise" guide, performed: on a copy of the
 * repository, the cell and the definition file the guide shows (read from
 * the README itself, so guide and test cannot drift) are added exactly as
 * it says, the lab is released, and the master gets full marks on every
 * exercise including the new one while the released copy gets zero on it,
 * "not implemented".
 */
import assert from "node:assert/strict";
import {
  formatNotebook,
  readNotebook,
  toLines,
} from "../lib/notebook/nbformat.ts";

function section(readme: string): string {
  const start = readme.indexOf("### Add an exercise");
  assert.ok(start >= 0, "the README has an 'Add an exercise' guide");
  const end = readme.indexOf("\n## ", start);
  return readme.slice(start, end < 0 ? undefined : end);
}

function blocks(text: string, lang: string): string[] {
  const re = new RegExp("^( *)```" + lang + "\\n([\\s\\S]*?)^\\1```", "gm");
  return [...text.matchAll(re)].map((m) =>
    m[2].split("\n").map((l) => l.slice(m[1].length)).join("\n")
  );
}

async function run(cwd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(
    out.code,
    0,
    `deno ${args.join(" ")} failed:\n${
      new TextDecoder().decode(out.stderr)
    }\n${text}`,
  );
  return text;
}

Deno.test({
  name:
    "the 'Add an exercise' guide works as written: released, graded, full marks for the master, zero for the release",
  async fn() {
    const guide = section(await Deno.readTextFile("README.md"));
    const [metadata] = blocks(guide, "json");
    const ts = blocks(guide, "ts");
    const cellSource = ts.find((b) => b.startsWith("// EXERCISE: "))!;
    const definition = ts.find((b) => b.startsWith("// lib/grading/labs/"))!;
    assert.ok(
      metadata && cellSource && definition,
      "the guide shows the metadata, the cell and the definition file",
    );
    const definitionPath = definition.split("\n")[0].slice(3).trim();
    const id = JSON.parse(metadata).vaelab.exercise as string;

    const copy = await Deno.makeTempDir({ prefix: "vaelab-guide-" });
    try {
      // The repository as a fresh clone has it, with the installed packages.
      for (const entry of Deno.readDirSync(".")) {
        if ([".git", "node_modules", "out"].includes(entry.name)) continue;
        const p = new Deno.Command("cp", {
          args: ["-a", entry.name, `${copy}/`],
        });
        assert.equal((await p.output()).code, 0);
      }
      assert.equal(
        (await new Deno.Command("cp", {
          args: ["-al", "node_modules", `${copy}/`],
        }).output()).code,
        0,
      );

      // Step 1: the prompt and the exercise cell in the master.
      const masterPath = `${copy}/solutions/lab2_conv_vae.ipynb`;
      const master = await readNotebook(masterPath);
      const at = master.cells.length - 1;
      master.cells.splice(at, 0, {
        cell_type: "markdown",
        metadata: {},
        source: toLines(
          "### Ejercicio extra: la log-verosimilitud de Bernoulli\n\nImplementa `bernoulliLogLikelihood(x, logits)`: para imágenes `[B, 28, 28, 1]` devuelve, sin `async` y sin liberar sus entradas, un tensor `[B]`: la suma sobre los pixeles de cada imagen de x·log σ(logits) + (1 − x)·log(1 − σ(logits)).",
        ),
      }, {
        cell_type: "code",
        metadata: JSON.parse(metadata),
        source: toLines(cellSource.trimEnd()),
        outputs: [],
        execution_count: null,
      });
      await Deno.writeTextFile(masterPath, formatNotebook(master));
      // Step 2: the definition file.
      await Deno.writeTextFile(`${copy}/${definitionPath}`, definition);
      // Step 3: release and grade.
      await run(copy, ["task", "release"]);
      const script = `
import { gradeNotebook } from "./lib/grading/mod.ts";
const master = await gradeNotebook("solutions/lab2_conv_vae.ipynb");
const release = await gradeNotebook("notebooks/lab2_conv_vae.ipynb");
console.log(JSON.stringify({ master, release }));`;
      await Deno.writeTextFile(`${copy}/grade_both.ts`, script);
      const { master: m, release: r } = JSON.parse(
        await run(copy, ["run", "-A", "grade_both.ts"]),
      );
      const added = m.exercises.find((e: { id: string }) => e.id === id);
      assert.ok(added, `the master's report has the new exercise ${id}`);
      assert.equal(added.points, 1, JSON.stringify(added, null, 1));
      assert.equal(m.score, m.maxScore, "full marks for the master");
      assert.equal(m.maxScore, 6, "the lab is worth one point more");
      const released = r.exercises.find((e: { id: string }) => e.id === id);
      assert.equal(released.points, 0);
      assert.match(released.messages.join(" "), /Sin implementar/);
      assert.equal(r.score, 0);
    } finally {
      await Deno.remove(copy, { recursive: true });
    }
  },
});
