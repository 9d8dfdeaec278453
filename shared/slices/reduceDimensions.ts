import { mulberry32 } from '../mining/prng.js';

/**
 * Brings embeddings to a few dozen standardised dimensions before any distance is measured:
 * each feature is standardised (channels of a network's features differ in scale by orders of
 * magnitude), then, when there are more than `maxDims` of them, projected on the top principal
 * components found by randomised PCA (Halko, Martinsson & Tropp 2011: a Gaussian sketch, one
 * power iteration, and an exact eigen-decomposition of the small sketched matrix), fitted on a
 * seeded sample of rows. Everything after this step costs the same whether the model pools 32 or
 * 2048 channels.
 */

export interface Reduction {
  inputDims: number;
  dims: number;
  mean: Float64Array;
  scale: Float64Array;
  /** inputDims × dims, row-major; null when the standardised features are used as they are. */
  components: Float64Array | null;
}

export interface Reduced {
  reduction: Reduction;
  /** n × dims, row-major. */
  points: Float64Array;
}

/** Gram–Schmidt (twice, for stability) on the columns of an n × l row-major matrix, in place. */
function orthonormaliseColumns(m: Float64Array, n: number, l: number): void {
  for (let c = 0; c < l; c++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += m[i * l + c]! * m[i * l + p]!;
        for (let i = 0; i < n; i++) m[i * l + c]! -= dot * m[i * l + p]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += m[i * l + c]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) m[i * l + c] = norm > 1e-12 ? m[i * l + c]! / norm : 0;
  }
}

/** out (n × l) = Z (n × d) · R (d × l), all row-major; the inner loop runs along a row of R. */
function timesRight(z: ArrayLike<number>, n: number, d: number, r: ArrayLike<number>, l: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const zo = i * d;
    const oo = i * l;
    for (let j = 0; j < d; j++) {
      const v = z[zo + j]!;
      if (v === 0) continue;
      const ro = j * l;
      for (let c = 0; c < l; c++) out[oo + c]! += v * r[ro + c]!;
    }
  }
}

/** out (d × l) = Zᵀ (d × n) · Y (n × l), all row-major. */
function transposeTimes(z: ArrayLike<number>, n: number, d: number, y: ArrayLike<number>, l: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const zo = i * d;
    const yo = i * l;
    for (let j = 0; j < d; j++) {
      const v = z[zo + j]!;
      if (v === 0) continue;
      const oo = j * l;
      for (let c = 0; c < l; c++) out[oo + c]! += v * y[yo + c]!;
    }
  }
}

/** Cyclic Jacobi eigen-decomposition of a symmetric l × l matrix; eigenvalues descending, vectors as columns. */
export function symmetricEigen(a: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += m[p * l + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = m[p * l + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * l + q]! - m[p * l + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const mkp = m[k * l + p]!;
          const mkq = m[k * l + q]!;
          m[k * l + p] = c * mkp - s * mkq;
          m[k * l + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < l; k++) {
          const mpk = m[p * l + k]!;
          const mqk = m[q * l + k]!;
          m[p * l + k] = c * mpk - s * mqk;
          m[q * l + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p]!;
          const vkq = v[k * l + q]!;
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((i, j) => m[j * l + j]! - m[i * l + i]!);
  const values = Float64Array.from(order, (i) => m[i * l + i]!);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    for (let k = 0; k < l; k++) vectors[k * l + dst] = v[k * l + src]!;
  });
  return { values, vectors };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function sampleRows(z: Float32Array, n: number, d: number, m: number, random: () => number): Float32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Float32Array(m * d);
  for (let r = 0; r < m; r++) out.set(z.subarray(order[r]! * d, (order[r]! + 1) * d), r * d);
  return out;
}

/** Standardises and (when needed) projects the n × inputDims embeddings; see the file comment. */
export function reduceDimensions(embeddings: ArrayLike<number>, inputDims: number, options: { maxDims?: number; seed?: number; fitRows?: number } = {}): Reduced {
  const n = Math.floor(embeddings.length / inputDims);
  const maxDims = options.maxDims ?? 32;
  const mean = new Float64Array(inputDims);
  const scale = new Float64Array(inputDims);
  for (let i = 0; i < n; i++) for (let j = 0; j < inputDims; j++) mean[j]! += embeddings[i * inputDims + j]!;
  for (let j = 0; j < inputDims; j++) mean[j]! /= Math.max(1, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < inputDims; j++) scale[j]! += (embeddings[i * inputDims + j]! - mean[j]!) ** 2;
  // A constant feature carries nothing; scale 0 would divide by zero, so it stays 0 after centring.
  for (let j = 0; j < inputDims; j++) scale[j] = Math.sqrt(scale[j]! / Math.max(1, n)) || 1;
  if (inputDims <= maxDims || n < 2) {
    const z = new Float64Array(n * inputDims);
    for (let i = 0; i < n; i++) for (let j = 0; j < inputDims; j++) z[i * inputDims + j] = (embeddings[i * inputDims + j]! - mean[j]!) / scale[j]!;
    return { reduction: { inputDims, dims: inputDims, mean, scale, components: null }, points: z };
  }
  // Single precision halves the memory of wide embeddings; every sum below accumulates in double.
  const z = new Float32Array(n * inputDims);
  for (let i = 0; i < n; i++) for (let j = 0; j < inputDims; j++) z[i * inputDims + j] = (embeddings[i * inputDims + j]! - mean[j]!) / scale[j]!;

  const random = mulberry32(options.seed ?? 1);
  // The components are fitted on a seeded sample of rows (a few thousand pin down a few dozen
  // directions); every row is then projected once.
  const fitRows = Math.min(n, options.fitRows ?? 4000);
  const sample = fitRows === n ? z : sampleRows(z, n, inputDims, fitRows, random);
  const m = fitRows;
  const k = Math.min(maxDims, m - 1);
  const l = Math.min(inputDims, m, k + 8);
  const omega = Float64Array.from({ length: inputDims * l }, () => gaussian(random));
  // Y = Z·Ω, then one power iteration Y ← Z·(Zᵀ·Y), orthonormalised at each step.
  const y = new Float64Array(m * l);
  const w = new Float64Array(inputDims * l);
  timesRight(sample, m, inputDims, omega, l, y);
  orthonormaliseColumns(y, m, l);
  transposeTimes(sample, m, inputDims, y, l, w);
  orthonormaliseColumns(w, inputDims, l);
  timesRight(sample, m, inputDims, w, l, y);
  orthonormaliseColumns(y, m, l);
  // Bᵀ = Zᵀ·Q (inputDims × l); B·Bᵀ = U·S²·Uᵀ; the principal directions are V = Bᵀ·U·S⁻¹.
  const bt = new Float64Array(inputDims * l);
  transposeTimes(sample, m, inputDims, y, l, bt);
  const bbt = new Float64Array(l * l);
  for (let j = 0; j < inputDims; j++) {
    for (let p = 0; p < l; p++) {
      const v = bt[j * l + p]!;
      for (let q = p; q < l; q++) bbt[p * l + q]! += v * bt[j * l + q]!;
    }
  }
  for (let p = 0; p < l; p++) for (let q = 0; q < p; q++) bbt[p * l + q] = bbt[q * l + p]!;
  const { values, vectors } = symmetricEigen(bbt, l);
  const components = new Float64Array(inputDims * k);
  for (let c = 0; c < k; c++) {
    const sigma = Math.sqrt(Math.max(values[c]!, 0));
    if (sigma < 1e-12) continue;
    for (let j = 0; j < inputDims; j++) {
      let s = 0;
      for (let p = 0; p < l; p++) s += bt[j * l + p]! * vectors[p * l + c]!;
      components[j * k + c] = s / sigma;
    }
  }
  const points = new Float64Array(n * k);
  timesRight(z, n, inputDims, components, k, points);
  return { reduction: { inputDims, dims: k, mean, scale, components }, points };
}

/** Projects raw embeddings (n × inputDims) with a reduction found earlier, e.g. fresh pool images. */
export function applyReduction(reduction: Reduction, embeddings: ArrayLike<number>): Float64Array {
  const { inputDims, dims, mean, scale, components } = reduction;
  const n = Math.floor(embeddings.length / inputDims);
  // The same precision as reduceDimensions used, so a row projects to exactly the same point.
  const z = components ? new Float32Array(n * inputDims) : new Float64Array(n * inputDims);
  for (let i = 0; i < n; i++) for (let j = 0; j < inputDims; j++) z[i * inputDims + j] = (embeddings[i * inputDims + j]! - mean[j]!) / scale[j]!;
  if (!components) return Float64Array.from(z);
  const out = new Float64Array(n * dims);
  timesRight(z, n, inputDims, components, dims, out);
  return out;
}
