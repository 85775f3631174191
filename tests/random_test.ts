import assert from "node:assert/strict";
import { seededRandom, shuffleIndices } from "../lib/random/mod.ts";

Deno.test("seededRandom: same seed same sequence, different seed different", () => {
  const a = seededRandom(7), b = seededRandom(7), c = seededRandom(8);
  const sa = Array.from({ length: 20 }, () => a.next());
  const sb = Array.from({ length: 20 }, () => b.next());
  const sc = Array.from({ length: 20 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
  for (const u of sa) assert.ok(u >= 0 && u < 1, `out of [0,1): ${u}`);
});

Deno.test("seededRandom: roughly uniform (mean, variance, nextInt buckets)", () => {
  const rng = seededRandom(123);
  const n = 100_000;
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    s += u;
    s2 += u * u;
  }
  const mean = s / n, variance = s2 / n - mean * mean;
  // Standard error of the mean is sqrt(1/12/n) ~ 0.0009; allow 5 sigma.
  assert.ok(Math.abs(mean - 0.5) < 0.0046, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.002, `variance ${variance}`);
  const counts = new Array(10).fill(0);
  for (let i = 0; i < n; i++) counts[rng.nextInt(10)]++;
  // Each bucket ~ Binomial(n, 0.1): sd ~ 95; allow 5 sigma.
  for (const c of counts) assert.ok(Math.abs(c - n / 10) < 475, `${counts}`);
  assert.throws(() => rng.nextInt(0), /n must be an integer/);
  assert.throws(() => seededRandom(NaN), /seed must be a finite number/);
});

Deno.test("shuffleIndices: a reproducible permutation", () => {
  const p = shuffleIndices(1000, 3);
  assert.deepEqual(p, shuffleIndices(1000, 3));
  assert.notDeepEqual(p, shuffleIndices(1000, 4));
  const sorted = Array.from(p).sort((x, y) => x - y);
  assert.deepEqual(sorted, Array.from({ length: 1000 }, (_, i) => i));
  // Not the identity (probability of a fixed-point-heavy result is tiny).
  let fixed = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === i) fixed++;
  assert.ok(fixed < 10, `${fixed} fixed points`);
  assert.equal(shuffleIndices(0, 1).length, 0);
  assert.throws(() => shuffleIndices(-1, 1), /non-negative integer/);
});
