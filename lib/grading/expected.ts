/**
 * Expected values of the math exercises, computed independently of tf in
 * float64 straight from the formulas, together with the known wrong variants
 * a student's output is compared against to name a likely cause.
 *
 * @module
 */
import type { Array64 } from "./inputs.ts";

/** A known mistake: what it yields and how to explain it (Spanish). */
export interface Variant {
  cause: string;
  value: Array64;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** [B, F] elementwise term → per-example reductions and common variants. */
function reduceRows(
  rows: number,
  cols: number,
  term: (i: number) => number,
  how: "sum" | "mean" = "sum",
): Array64 {
  const data = new Float64Array(rows);
  for (let b = 0; b < rows; b++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += term(b * cols + j);
    data[b] = how === "sum" ? s : s / cols;
  }
  return { shape: [rows], data };
}

function elementwise(shape: number[], term: (i: number) => number): Array64 {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = term(i);
  return { shape, data };
}

function scalar(x: number): Array64 {
  return { shape: [], data: Float64Array.of(x) };
}

function total(a: Array64): number {
  return a.data.reduce((s, x) => s + x, 0);
}

function scale(a: Array64, k: number): Array64 {
  return { shape: a.shape, data: a.data.map((x) => x * k) };
}

/** Variants shared by every per-example [B] result built from [B, F] terms. */
function reductionVariants(
  rows: number,
  cols: number,
  term: (i: number) => number,
  axis: string,
): Variant[] {
  const perExample = reduceRows(rows, cols, term);
  return [
    {
      cause:
        `sumaste también sobre el batch: se pide un valor por ejemplo (forma [${rows}]), no un escalar`,
      value: scalar(total(perExample)),
    },
    {
      cause:
        `promediaste sobre el batch: se pide un valor por ejemplo (forma [${rows}]), no un escalar`,
      value: scalar(total(perExample) / rows),
    },
    {
      cause: `falta reducir: hay que sumar sobre ${axis} (eje 1)`,
      value: elementwise([rows, cols], term),
    },
    {
      cause:
        `sobra una dimensión: usa sum(1) sin keepDims para obtener forma [${rows}]`,
      value: { shape: [rows, 1], data: perExample.data },
    },
    {
      cause: `promediaste sobre ${axis} en vez de sumar`,
      value: reduceRows(rows, cols, term, "mean"),
    },
  ];
}

/** KL(N(μ, e^logvar) ‖ N(0, I)) per example, and its wrong variants. */
export function klStandardNormal64(
  mu: Array64,
  logvar: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, cols] = mu.shape;
  const m = mu.data, v = logvar.data;
  const t = (i: number) => -0.5 * (1 + v[i] - m[i] * m[i] - Math.exp(v[i]));
  const expected = reduceRows(rows, cols, t);
  const variants: Variant[] = [
    { cause: "el signo está invertido", value: scale(expected, -1) },
    { cause: "falta el factor ½", value: scale(expected, 2) },
    {
      cause: "sobra un factor ½ (aplicado dos veces)",
      value: scale(expected, 0.5),
    },
    {
      cause: "falta el término constante 1 dentro de la suma",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (v[i] - m[i] * m[i] - Math.exp(v[i])),
      ),
    },
    {
      cause:
        "usaste exp(logvar/2) (que es σ) donde se pedía exp(logvar) (que es σ²)",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (1 + v[i] - m[i] * m[i] - Math.exp(v[i] / 2)),
      ),
    },
    {
      cause:
        "trataste logvar como si fuera σ: la entrada es log σ², así que σ² = exp(logvar)",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (1 + Math.log(v[i] * v[i]) - m[i] * m[i] - v[i] * v[i]),
      ),
    },
    {
      cause: "el término de la media debe ser μ², no μ",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (1 + v[i] - m[i] - Math.exp(v[i])),
      ),
    },
    ...reductionVariants(rows, cols, t, "las dimensiones latentes"),
  ];
  return { expected, variants };
}

/** log N(x; mean, diag e^logvar) summed over features, and wrong variants. */
export function gaussianLogLikelihood64(
  x: Array64,
  mean: Array64,
  logvar: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, cols] = x.shape;
  const a = x.data, m = mean.data, v = logvar.data;
  const sq = (i: number) => (a[i] - m[i]) * (a[i] - m[i]);
  const t = (i: number) => -0.5 * (LOG_2PI + v[i] + sq(i) / Math.exp(v[i]));
  const expected = reduceRows(rows, cols, t);
  const variants: Variant[] = [
    {
      cause:
        "el signo está invertido: devuelves −log p (una pérdida) en vez de log p",
      value: scale(expected, -1),
    },
    {
      cause: "falta el término constante −½·log(2π) por cada dimensión",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (v[i] + sq(i) / Math.exp(v[i])),
      ),
    },
    { cause: "falta el factor ½", value: scale(expected, 2) },
    {
      cause: "falta el factor ½ en el término cuadrático (x−μ)²/σ²",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (LOG_2PI + v[i]) - sq(i) / Math.exp(v[i]),
      ),
    },
    {
      cause: "falta el término −½·logvar (el log-determinante)",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (LOG_2PI + sq(i) / Math.exp(v[i])),
      ),
    },
    {
      cause:
        "dividiste por exp(logvar/2) (σ) donde va exp(logvar) (σ²) en el término cuadrático",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (LOG_2PI + v[i] + sq(i) / Math.exp(v[i] / 2)),
      ),
    },
    {
      cause: "multiplicaste por exp(logvar) donde había que dividir",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (LOG_2PI + v[i] + sq(i) * Math.exp(v[i])),
      ),
    },
    {
      cause:
        "trataste logvar como si fuera σ: la entrada es log σ², así que σ² = exp(logvar)",
      value: reduceRows(
        rows,
        cols,
        (i) => -0.5 * (LOG_2PI + Math.log(v[i] * v[i]) + sq(i) / (v[i] * v[i])),
      ),
    },
    ...reductionVariants(rows, cols, t, "las dimensiones de x"),
  ];
  return { expected, variants };
}

/** μ + exp(logvar/2)·ε with ε broadcast over a leading samples axis. */
export function reparameterize64(
  mu: Array64,
  logvar: Array64,
  eps: Array64,
): { expected: Array64; variants: Variant[] } {
  const n = mu.data.length;
  const m = mu.data, v = logvar.data, e = eps.data;
  const at = (f: (mu: number, lv: number, eps: number) => number) =>
    elementwise(eps.shape, (i) => f(m[i % n], v[i % n], e[i]));
  return {
    expected: at((mu, lv, eps) => mu + Math.exp(lv / 2) * eps),
    variants: [
      {
        cause:
          "usaste exp(logvar) (σ²) donde se pedía exp(logvar/2) (σ): la desviación típica es la raíz de la varianza",
        value: at((mu, lv, eps) => mu + Math.exp(lv) * eps),
      },
      {
        cause:
          "usaste logvar directamente como σ: la entrada es log σ², así que σ = exp(logvar/2)",
        value: at((mu, lv, eps) => mu + lv * eps),
      },
      {
        cause: "usaste exp(2·logvar): σ = exp(logvar/2), no exp(2·logvar)",
        value: at((mu, lv, eps) => mu + Math.exp(2 * lv) * eps),
      },
      {
        cause: "el ruido entra restando: es μ + σ·ε",
        value: at((mu, lv, eps) => mu - Math.exp(lv / 2) * eps),
      },
      {
        cause: "olvidaste sumar μ",
        value: at((_mu, lv, eps) => Math.exp(lv / 2) * eps),
      },
      {
        cause: "olvidaste multiplicar por el ruido ε",
        value: at((mu, lv) => mu + Math.exp(lv / 2)),
      },
      {
        cause: "devuelves μ sin ruido",
        value: at((mu) => mu),
      },
    ],
  };
}

/** The ELBO test decoder: mean = tanh(z·W1 + b1), logvar = z·W2 + b2. */
export interface Decoder64 {
  w1: Array64;
  b1: Array64;
  w2: Array64;
  b2: Array64;
}

function decode64(
  z: Float64Array,
  latent: number,
  d: Decoder64,
): { mean: Float64Array; logvar: Float64Array } {
  const out = d.b1.data.length;
  const mean = new Float64Array(out);
  const logvar = new Float64Array(out);
  for (let k = 0; k < out; k++) {
    let s1 = d.b1.data[k], s2 = d.b2.data[k];
    for (let j = 0; j < latent; j++) {
      s1 += z[j] * d.w1.data[j * out + k];
      s2 += z[j] * d.w2.data[j * out + k];
    }
    mean[k] = Math.tanh(s1);
    logvar[k] = s2;
  }
  return { mean, logvar };
}

/** Per-example ELBO with L injected samples eps [L, B, J], and variants. */
export function elbo64(
  x: Array64,
  mu: Array64,
  logvar: Array64,
  decoder: Decoder64,
  eps: Array64,
): { expected: Array64; variants: Variant[] } {
  const [rows, latent] = mu.shape;
  const cols = x.shape[1];
  const samples = eps.shape[0];
  const recon = new Float64Array(rows * samples);
  for (let l = 0; l < samples; l++) {
    for (let b = 0; b < rows; b++) {
      const z = new Float64Array(latent);
      for (let j = 0; j < latent; j++) {
        const i = b * latent + j;
        z[j] = mu.data[i] +
          Math.exp(logvar.data[i] / 2) * eps.data[l * rows * latent + i];
      }
      const { mean, logvar: lv } = decode64(z, latent, decoder);
      let s = 0;
      for (let k = 0; k < cols; k++) {
        const d = x.data[b * cols + k] - mean[k];
        s += -0.5 * (LOG_2PI + lv[k] + d * d / Math.exp(lv[k]));
      }
      recon[l * rows + b] = s;
    }
  }
  const kl = klStandardNormal64(mu, logvar).expected.data;
  const per = (f: (b: number) => number): Array64 => elementwise([rows], f);
  const meanRecon = (b: number) => {
    let s = 0;
    for (let l = 0; l < samples; l++) s += recon[l * rows + b];
    return s / samples;
  };
  const expected = per((b) => meanRecon(b) - kl[b]);
  const variants: Variant[] = [
    {
      cause:
        "devuelves la pérdida (−ELBO) en vez de la ELBO: el signo está invertido",
      value: scale(expected, -1),
    },
    {
      cause: "el KL se suma: la ELBO es reconstrucción − KL",
      value: per((b) => meanRecon(b) + kl[b]),
    },
    {
      cause: "falta restar el término KL",
      value: per(meanRecon),
    },
    {
      cause: "falta el término de reconstrucción (solo queda −KL)",
      value: per((b) => -kl[b]),
    },
    {
      cause:
        "el resultado es una suma de la ELBO sobre el batch; se pide forma [B]",
      value: scalar(total(expected)),
    },
    {
      cause:
        "el resultado es la media de la ELBO sobre el batch; se pide forma [B]",
      value: scalar(total(expected) / rows),
    },
  ];
  if (samples > 1) {
    variants.push(
      {
        cause:
          "sumaste las L muestras de Monte Carlo en vez de promediarlas (falta dividir por L)",
        value: per((b) => meanRecon(b) * samples - kl[b]),
      },
      {
        cause: "solo usaste la primera muestra de ε; hay que promediar las L",
        value: per((b) => recon[b] - kl[b]),
      },
      {
        cause:
          "restaste el KL una vez por muestra: el KL es analítico y se resta una sola vez",
        value: per((b) => meanRecon(b) - kl[b] * samples),
      },
    );
  }
  return { expected, variants };
}

/** Elementwise KL(N(μQ, σQ²) ‖ N(μP, σP²)) and its wrong variants. */
export function klGaussians64(
  muQ: Array64,
  sigmaQ: Array64,
  muP: Array64,
  sigmaP: Array64,
): { expected: Array64; variants: Variant[] } {
  const shape = muQ.shape;
  const kl = (mq: number, sq: number, mp: number, sp: number) =>
    Math.log(sp / sq) + (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5;
  const at = (f: (mq: number, sq: number, mp: number, sp: number) => number) =>
    elementwise(
      shape,
      (i) => f(muQ.data[i], sigmaQ.data[i], muP.data[i], sigmaP.data[i]),
    );
  const expected = at(kl);
  return {
    expected,
    variants: [
      {
        cause: "calculaste KL(p‖q) en vez de KL(q‖p): el KL no es simétrico",
        value: at((mq, sq, mp, sp) => kl(mp, sp, mq, sq)),
      },
      { cause: "el signo está invertido", value: scale(expected, -1) },
      {
        cause: "falta el término constante −½",
        value: at((mq, sq, mp, sp) => kl(mq, sq, mp, sp) + 0.5),
      },
      {
        cause: "usaste σ donde va σ² en el cociente (σQ² + (μQ−μP)²)/(2σP²)",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp / sq) + (sq + (mq - mp) ** 2) / (2 * sp) - 0.5
        ),
      },
      {
        cause:
          "usaste log(σP²/σQ²) sin el factor ½: log(σP/σQ) = ½·log(σP²/σQ²)",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp * sp / (sq * sq)) +
          (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) -
          0.5
        ),
      },
      {
        cause: "falta el 2 del denominador 2σP²",
        value: at((mq, sq, mp, sp) =>
          Math.log(sp / sq) + (sq * sq + (mq - mp) ** 2) / (sp * sp) - 0.5
        ),
      },
      {
        cause: "el logaritmo está invertido: es log(σP/σQ)",
        value: at((mq, sq, mp, sp) =>
          Math.log(sq / sp) + (sq * sq + (mq - mp) ** 2) / (2 * sp * sp) - 0.5
        ),
      },
      {
        cause:
          "redujiste el resultado a un escalar: se pide el KL elemento a elemento",
        value: scalar(total(expected)),
      },
    ],
  };
}

/** Per-example Σ (x − sigmoid(logits))² and its wrong variants. */
export function mseReconstructionLoss64(
  x: Array64,
  logits: Array64,
): { expected: Array64; variants: Variant[] } {
  const rows = x.shape[0];
  const cols = x.data.length / rows;
  const sig = (t: number) => 1 / (1 + Math.exp(-t));
  const t = (i: number) => (x.data[i] - sig(logits.data[i])) ** 2;
  const expected = reduceRows(rows, cols, t);
  return {
    expected,
    variants: [
      {
        cause:
          "olvidaste aplicar sigmoid a los logits: el decoder devuelve logits y la imagen es sigmoid(logits)",
        value: reduceRows(rows, cols, (i) => (x.data[i] - logits.data[i]) ** 2),
      },
      {
        cause:
          "devuelves la raíz de la suma (una norma), no la suma de cuadrados",
        value: { shape: [rows], data: expected.data.map(Math.sqrt) },
      },
      {
        cause: "usaste el valor absoluto en vez del cuadrado",
        value: reduceRows(
          rows,
          cols,
          (i) => Math.abs(x.data[i] - sig(logits.data[i])),
        ),
      },
      {
        cause: "sobra un factor ½",
        value: scale(expected, 0.5),
      },
      ...reductionVariants(rows, cols, t, "los píxeles").filter((v) =>
        !v.cause.startsWith("falta reducir")
      ),
      {
        cause:
          "falta reducir: hay que sumar sobre todos los píxeles de cada ejemplo",
        value: elementwise(x.shape, t),
      },
    ],
  };
}
