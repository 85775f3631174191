/**
 * Code-cell outputs to HTML: streams and plain text with ANSI colours, images
 * (PNG, JPEG, SVG; an animated GIF as a strip of its first, middle and last
 * frames) decoded and embedded, HTML (cleaned; its own `<style>` kept inside
 * a shadow root so it cannot restyle the page),
 * Markdown and LaTeX (rendered), JSON, and errors (red box with the coloured
 * traceback). Unknown output types and undecodable images are reported in the
 * {@link RenderContext} and shown as a notice at that spot.
 *
 * @example
 * ```ts
 * import { renderOutputs } from "./outputs.ts";
 * import { RenderContext } from "./context.ts";
 * const html = await renderOutputs(
 *   [{ output_type: "stream", name: "stdout", text: "\x1b[32mok\x1b[0m\n" }],
 *   new RenderContext("."),
 * );
 * ```
 * @module
 */
import type { MultilineString, Output } from "../notebook/nbformat.ts";
import { ansiToHtml } from "./ansi.ts";
import { PAGE_CSS } from "./assets.ts";
import type { RenderContext } from "./context.ts";
import { escapeHtml } from "../text/html.ts";
import { decodeBase64, imageHtml, prepareImage } from "./images.ts";
import { cleanHtmlWithImages, renderMarkdown } from "./markdown.ts";
import { renderMath, renderTextWithMath } from "./math.ts";
import { extractMath } from "./math_scan.ts";

/** Mime types shown, in order of preference (the first present is used). */
export const DISPLAY_ORDER = [
  "text/html",
  "text/markdown",
  "image/svg+xml",
  "image/png",
  "image/gif",
  "image/jpeg",
  "image/webp",
  "text/latex",
  "application/json",
  "text/plain",
];

/** Output types of nbformat 4. */
export const OUTPUT_TYPES = [
  "stream",
  "display_data",
  "execute_result",
  "error",
  "update_display_data",
];

function text(value: unknown): string {
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : "";
}

function notice(message: string, number: number): string {
  return `<div class="problem-box">${
    escapeHtml(message)
  }<sup class="problem-ref">[${number}]</sup></div>`;
}

function reportNotice(
  ctx: RenderContext,
  kind: "image" | "output",
  message: string,
  source?: string,
): string {
  return notice(message, ctx.report(kind, message, source));
}

async function renderImage(
  mime: string,
  payload: unknown,
  metadata: Record<string, unknown> | undefined,
  ctx: RenderContext,
): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = mime === "image/svg+xml"
      ? new TextEncoder().encode(text(payload))
      : decodeBase64(text(payload));
  } catch (error) {
    return reportNotice(
      ctx,
      "image",
      `imagen ${mime} no decodificable: ${(error as Error).message}`,
      mime,
    );
  }
  const image = await prepareImage(bytes, mime);
  if (!image.ok) {
    return reportNotice(
      ctx,
      "image",
      `imagen ${mime} no decodificable: ${image.reason}`,
      mime,
    );
  }
  const meta = (metadata?.[mime] ?? {}) as Record<string, unknown>;
  const size = (value: unknown) =>
    typeof value === "number" && value > 0 ? String(value) : undefined;
  return imageHtml(image, {
    className: "output-image",
    width: size(meta.width),
    height: size(meta.height),
  });
}

async function renderData(
  data: Record<string, unknown>,
  metadata: Record<string, unknown> | undefined,
  ctx: RenderContext,
): Promise<string> {
  const mime = DISPLAY_ORDER.find((m) => m in data);
  if (!mime) {
    const types = Object.keys(data);
    return reportNotice(
      ctx,
      "output",
      types.length
        ? `salida de tipo no soportado (${types.join(", ")}); se muestran ${
          DISPLAY_ORDER.join(", ")
        }`
        : "salida vacía (sin datos)",
      types.join(", "),
    );
  }
  const value = data[mime];
  switch (mime) {
    case "text/html": {
      const clean = await cleanHtmlWithImages(text(value), ctx, {
        stylesheets: true,
      });
      // isolate the output's own <style> from the page (no script needed)
      return /<style\b/i.test(clean)
        ? `<div class="output-html"><template shadowrootmode="open"><style>${PAGE_CSS}</style>${clean}</template></div>`
        : `<div class="output-html">${clean}</div>`;
    }
    case "text/markdown":
      return `<div class="output-markdown">${await renderMarkdown(
        text(value),
        ctx,
      )}</div>`;
    case "text/latex": {
      const latex = text(value);
      const html = extractMath(latex).spans.length
        ? renderTextWithMath(latex, ctx)
        : renderMath(latex, true, ctx);
      return `<div class="output-latex">${html}</div>`;
    }
    case "application/json":
      return `<pre class="output-text">${
        escapeHtml(JSON.stringify(value, null, 2))
      }</pre>`;
    case "text/plain":
      return `<pre class="output-text">${ansiToHtml(text(value))}</pre>`;
    default:
      return await renderImage(mime, value, metadata, ctx);
  }
}

/** Joins consecutive stream outputs of the same stream, as Jupyter shows them. */
export function mergeStreams(outputs: Output[]): Output[] {
  const merged: Output[] = [];
  for (const output of outputs) {
    const previous = merged.at(-1);
    if (
      output.output_type === "stream" && previous?.output_type === "stream" &&
      previous.name === output.name
    ) {
      merged[merged.length - 1] = {
        ...previous,
        text: text(previous.text) + text(output.text),
      };
    } else merged.push(output);
  }
  return merged;
}

/** Renders one output. */
export async function renderOutput(
  output: Output,
  ctx: RenderContext,
): Promise<string> {
  switch (output.output_type) {
    case "stream": {
      const name = output.name === "stderr" ? "stderr" : "stdout";
      return `<pre class="output-text output-${name}">${
        ansiToHtml(text(output.text as MultilineString))
      }</pre>`;
    }
    case "display_data":
    case "execute_result":
    case "update_display_data":
      return await renderData(
        (output.data ?? {}) as Record<string, unknown>,
        output.metadata,
        ctx,
      );
    case "error": {
      const traceback = Array.isArray(output.traceback)
        ? output.traceback.join("\n")
        : "";
      const body = traceback.trim()
        ? traceback
        : `${output.ename ?? "Error"}: ${output.evalue ?? ""}`;
      return `<pre class="output-error">${ansiToHtml(body)}</pre>`;
    }
    default:
      return reportNotice(
        ctx,
        "output",
        `tipo de salida desconocido «${
          String(output.output_type)
        }» (nbformat 4 define ${OUTPUT_TYPES.join(", ")}); se omite`,
        String(output.output_type),
      );
  }
}

/** Renders all outputs of a code cell (streams merged first). */
export async function renderOutputs(
  outputs: Output[],
  ctx: RenderContext,
): Promise<string> {
  const parts: string[] = [];
  for (const output of mergeStreams(outputs)) {
    parts.push(await renderOutput(output, ctx));
  }
  return parts.join("\n");
}
