/**
 * The facts a marks file is checked against, from the identified
 * submissions of a batch: each submission key's lab and those labs'
 * released questions.
 *
 * @example
 * ```ts
 * import { marksContext } from "./context.ts";
 * import { defaultEngine } from "../batch/engine.ts";
 * const engine = await defaultEngine();
 * const context = await marksContext([], engine.catalog);
 * console.log(context.labs.size);
 * ```
 * @module
 */
import type { LabCatalog, LabInfo } from "../batch/engine.ts";
import type { MarksContext } from "./marks.ts";

/** Builds a {@link MarksContext} from `{ key, lab }` pairs. */
export async function marksContext(
  submissions: readonly { submission: { key: string }; lab: string | null }[],
  catalog: LabCatalog,
): Promise<MarksContext & { infos: Map<string, LabInfo> }> {
  const labs = new Map<string, string | null>();
  const infos = new Map<string, LabInfo>();
  for (const s of submissions) {
    let lab = s.lab;
    if (lab && !infos.has(lab)) {
      const info = await catalog.labInfo(lab).catch(() => null);
      if (info) infos.set(lab, info);
      else lab = null;
    }
    labs.set(s.submission.key, lab);
  }
  return { labs, infos };
}
