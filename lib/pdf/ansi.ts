/**
 * Terminal text (ANSI escape sequences, carriage returns, backspaces) turned
 * into HTML colour spans, or into plain text. No escape sequence survives.
 *
 * @example
 * ```ts
 * import { ansiToHtml, stripAnsi } from "./ansi.ts";
 * ansiToHtml("\x1b[31mrojo\x1b[0m"); // '<span style="color:#c91b00">rojo</span>'
 * stripAnsi("\x1b[1mnegrita\x1b[0m"); // "negrita"
 * ```
 * @module
 */
import { escapeHtml } from "../text/html.ts";

/** The 16 basic colours (normal 0–7, bright 8–15), as in a light terminal theme. */
export const ANSI_PALETTE = [
  "#000000",
  "#c91b00",
  "#00a600",
  "#a68b00",
  "#0225c7",
  "#b02fb0",
  "#00a6b2",
  "#8a8a8a",
  "#555555",
  "#e5322d",
  "#23b523",
  "#bfa100",
  "#3b5bff",
  "#d23fd2",
  "#14bfcc",
  "#c7c7c7",
];

/** Colour `n` of the xterm 256-colour palette as a CSS colour. */
export function xterm256(n: number): string {
  if (n < 16) return ANSI_PALETTE[n];
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + 40 * v);
    const [r, g, b] = [Math.floor(i / 36), Math.floor(i / 6) % 6, i % 6].map(
      level,
    );
    return `rgb(${r},${g},${b})`;
  }
  const grey = 8 + 10 * (n - 232);
  return `rgb(${grey},${grey},${grey})`;
}

interface Style {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

// CSI (ESC [ params final), OSC (ESC ] ... BEL or ESC \), other 2-char escapes
const ESCAPE =
  // deno-lint-ignore no-control-regex
  /\x1b\[([0-9;:?<=>]*)([ -\/]*[@-~])|\x1b\][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[@-Z\\-_]|\x1b/g;

/**
 * Applies carriage returns and backspaces the way a terminal would show the
 * final state: each line keeps what was written after its last `\r` (with
 * overwriting), `\b` removes the previous character. Progress bars collapse
 * to their last state.
 */
export function applyTerminalControls(text: string): string {
  return text.replace(/\r\n/g, "\n").split("\n").map((line) => {
    if (line.includes("\b")) {
      const out: string[] = [];
      for (const ch of line) ch === "\b" ? out.pop() : out.push(ch);
      line = out.join("");
    }
    if (!line.includes("\r")) return line;
    // overwrite from column 0 at each \r (escape sequences count as zero width
    // only approximately; a progress bar rewrites the whole line anyway)
    let shown = "";
    for (const part of line.split("\r")) {
      shown = part.length >= shown.length
        ? part
        : part + shown.slice(part.length);
    }
    return shown;
  }).join("\n");
}

/** Removes every ANSI escape sequence and applies `\r`/`\b`. */
export function stripAnsi(text: string): string {
  return applyTerminalControls(text).replace(ESCAPE, "");
}

function applySgr(style: Style, params: number[]): Style {
  const s = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) {
      for (const key of Object.keys(s)) delete s[key as keyof Style];
    } else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = ANSI_PALETTE[p - 30];
    else if (p >= 90 && p <= 97) s.fg = ANSI_PALETTE[p - 90 + 8];
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = ANSI_PALETTE[p - 40];
    else if (p >= 100 && p <= 107) s.bg = ANSI_PALETTE[p - 100 + 8];
    else if (p === 49) delete s.bg;
    else if (p === 38 || p === 48) {
      let colour: string | undefined;
      if (params[i + 1] === 5 && params[i + 2] !== undefined) {
        colour = xterm256(params[i + 2] & 255);
        i += 2;
      } else if (params[i + 1] === 2 && params[i + 4] !== undefined) {
        const [r, g, b] = params.slice(i + 2, i + 5).map((v) => v & 255);
        colour = `rgb(${r},${g},${b})`;
        i += 4;
      }
      if (colour) p === 38 ? (s.fg = colour) : (s.bg = colour);
    }
  }
  return s;
}

function css(style: Style): string {
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? "#ffffff", fg ?? "#000000"];
  const parts: string[] = [];
  if (fg) parts.push(`color:${fg}`);
  if (bg) parts.push(`background-color:${bg}`);
  if (style.bold) parts.push("font-weight:bold");
  if (style.dim) parts.push("opacity:0.7");
  if (style.italic) parts.push("font-style:italic");
  const lines = [style.underline && "underline", style.strike && "line-through"]
    .filter(Boolean);
  if (lines.length) parts.push(`text-decoration:${lines.join(" ")}`);
  return parts.join(";");
}

/**
 * Converts terminal text to HTML: text is escaped, SGR colour/bold/italic/
 * underline codes become `<span style>`, every other escape sequence is
 * dropped, `\r` and `\b` are applied.
 */
export function ansiToHtml(text: string): string {
  const input = applyTerminalControls(text);
  let style: Style = {};
  let html = "";
  let last = 0;
  const emit = (chunk: string) => {
    if (!chunk) return;
    const c = css(style);
    html += c
      ? `<span style="${c}">${escapeHtml(chunk)}</span>`
      : escapeHtml(chunk);
  };
  for (const match of input.matchAll(ESCAPE)) {
    emit(input.slice(last, match.index));
    last = match.index! + match[0].length;
    if (match[2] === "m" && match[1] !== undefined) {
      const params = match[1] === ""
        ? []
        : match[1].split(/[;:]/).map((v) => (v === "" ? 0 : Number(v)));
      if (params.every(Number.isFinite)) style = applySgr(style, params);
    }
  }
  emit(input.slice(last));
  return html;
}
