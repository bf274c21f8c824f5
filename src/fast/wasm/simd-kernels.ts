/**
 * The fast layer's three loops (../kernels.ts) as WebAssembly SIMD: each instruction multiplies or adds two
 * float64 at once (f64x2), which plain JavaScript cannot do. That is what lets the TypeScript training step
 * keep up with numpy (`npm run bench`); the numbers are the same to about 1e-15 (only the order of the sums
 * changes). The workspace is a Float64Array over the module's own memory, so the layer writes its
 * matrices straight to where these kernels read them.
 *
 * - rowDots: C[t][r] = A[r]·B[t], dot products of rows: a matrix times the states of every sequence;
 * - outerSum: C += a_t[i]·b_t, rows of B scaled and added: a weight gradient summed over steps; with
 *   other strides it is combineRows, Aᵀ·x_n for many vectors (x_n[r] times row r of A), Aᵀ never built.
 *
 * @example
 *   const kernels = simdKernels(); // undefined where WebAssembly SIMD is not available
 *   const w = kernels!.workspace(4); w.set([1, 2, 3, 4]);
 *   kernels!.rowDots(0, 1, 2, 1, 2, 3); // w[3] = (1, 2)·(3, 4) = 11
 */
import type { Kernels } from "../kernels";
import {
  addTo, f64Load, f64Store, f64x2Lane, get, i32, ifThen, op, set, type, v128Load, v128Store, v128Zero, wasmModule,
  whileLoop, type Code,
} from "./assembler";

/** Byte address of element `index` (a Float64Array index): index · 8. */
const bytes = (index: Code): Code => [index, i32(3), op.i32Shl];
const lessThan = (x: number, y: number): Code => [get(x), get(y), op.i32LtU];

const lessOrEqual = (x: Code, y: Code): Code => [x, y, op.i32LeU];
const load = (address: Code): Code => [address, v128Load()];
/** The sum of the two lanes of `acc`. */
const lanes = (acc: number): Code => [get(acc), f64x2Lane(0), get(acc), f64x2Lane(1), op.f64Add];

const ROW_BLOCK = 64; // rows of A per pass of rowDots over B: up to 128 KB for K = 256

// rowDots(a, R, b, T, K, c): c[t·R + r] = a[r·K ..] · b[t·K ..] (K numbers each), all offsets in elements.
// Blocks of two rows of B by four rows of A: each pair of numbers loaded serves four or two products
// (sixteen products for six loads), in eight running sums.
const rowDots = (() => {
  const [a, R, b, T, K, c] = [0, 1, 2, 3, 4, 5];
  const [t, r, q, qEnd2, K8, R8, b0, b1, pc0, pc1, p0, p1, p2, p3] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const acc = [20, 21, 22, 23, 24, 25, 26, 27], [x0, x1, av] = [28, 29, 30];
  const s = 31;
  const [r0, rEnd] = [32, 33];
  const rowsA = [p0, p1, p2, p3], rowsB = [b0, b1], xs = [x0, x1], outs = [pc0, pc1];
  const at = (base: number): Code => [get(base), get(q), op.i32Add];
  /** c[t + j][r + i] for j < tb, i < rb: rows r.. of A (p_i set) times rows t.. of B (b_j set). */
  const block = (tb: number, rb: number): Code => [
    Array.from({ length: tb * rb }, (_, n) => [v128Zero, set(acc[n])]),
    i32(0), set(q),
    whileLoop(lessThan(q, qEnd2), [
      Array.from({ length: tb }, (_, j) => [load(at(rowsB[j])), set(xs[j])]),
      Array.from({ length: rb }, (_, i) => [
        load(at(rowsA[i])), set(av),
        Array.from({ length: tb }, (_, j) => [get(acc[j * rb + i]), get(av), get(xs[j]), op.f64x2Mul, op.f64x2Add, set(acc[j * rb + i])]),
      ]),
      addTo(q, i32(16)),
    ]),
    Array.from({ length: tb * rb }, (_, n) => {
      const j = Math.floor(n / rb), i = n % rb;
      return [
        lanes(acc[n]), set(s),
        ifThen(lessThan(q, K8), [get(s), at(rowsA[i]), f64Load(), at(rowsB[j]), f64Load(), op.f64Mul, op.f64Add, set(s)]), // odd K
        get(outs[j]), get(s), f64Store(8 * i),
      ];
    }),
  ];
  /** Rows r.. of A for a block of rb rows, then the block, for tb rows of B starting at t. */
  const rowLoop = (tb: number, rb: number): Code =>
    whileLoop(lessOrEqual([get(r), i32(rb), op.i32Add], get(rEnd)), [
      bytes([get(a), get(r), get(K), op.i32Mul, op.i32Add]), set(p0),
      rowsA.slice(1, rb).map((p, i) => [get(rowsA[i]), get(K8), op.i32Add, set(p)]),
      bytes([get(c), get(t), get(R), op.i32Mul, op.i32Add, get(r), op.i32Add]), set(pc0), // c[t][r]
      get(pc0), get(R8), op.i32Add, set(pc1),
      block(tb, rb),
      addTo(r, i32(rb)),
    ]);
  const stepLoop = (tb: number): Code =>
    whileLoop(lessOrEqual([get(t), i32(tb), op.i32Add], get(T)), [
      bytes([get(b), get(t), get(K), op.i32Mul, op.i32Add]), set(b0), // rows t, t + 1 of B
      get(b0), get(K8), op.i32Add, set(b1),
      get(r0), set(r),
      rowLoop(tb, 4),
      rowLoop(tb, 1),
      addTo(t, i32(tb)),
    ]);
  const body: Code = [
    bytes(get(K)), set(K8),
    bytes(get(R)), set(R8),
    bytes([get(K), i32(-2), op.i32And]), set(qEnd2),
    i32(0), set(r0),
    // Rows of A in blocks of ROW_BLOCK, so that they stay in the cache while every row of B takes them.
    whileLoop(lessThan(r0, R), [
      get(r0), i32(ROW_BLOCK), op.i32Add, set(rEnd),
      ifThen(lessThan(R, rEnd), [get(R), set(rEnd)]),
      i32(0), set(t),
      stepLoop(2),
      stepLoop(1),
      get(rEnd), set(r0),
    ]),
  ];
  return { name: "rowDots", params: 6, locals: [...Array(14).fill(type.i32), ...Array(11).fill(type.v128), type.f64, type.i32, type.i32], body };
})();

const STEP_BLOCK = 32; // steps of outerSum per pass over C: 32 rows of b, up to 64 KB for N = 256

// outerSum(a, sa, si, M, b, N, T, c): c[i·N ..] += a[t·sa + i·si] · b[t·N ..] (N numbers) for every step t
// and row i. Blocks of two rows of C by four steps: each pair of numbers of C is loaded and stored once for
// four steps, each pair of b_t serves two rows (sixteen products for six loads and two stores).
const outerSum = (() => {
  const [a, sa, si, M, b, N, T, c] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [t, i, q, qEnd2, N8, pb, pc0, pc1] = [8, 9, 10, 11, 12, 13, 14, 15];
  const xs = [16, 17, 18, 19, 20, 21, 22, 23], [c0, c1, bv] = [24, 25, 26];
  const [t0, tEnd] = [27, 28];
  const cs = [c0, c1], outs = [pc0, pc1];
  /** The address of a[(t + j)·sa + (i + k)·si]. */
  const aAt = (j: number, k: number): Code => bytes([get(a), get(t), i32(j), op.i32Add, get(sa), op.i32Mul, op.i32Add, get(i), i32(k), op.i32Add, get(si), op.i32Mul, op.i32Add]);
  const bAt = (j: number): Code => [get(pb), get(N8), i32(j), op.i32Mul, op.i32Add, get(q), op.i32Add];
  /** Rows i.. (ib of them) of C += steps t.. (tb of them). */
  const block = (ib: number, tb: number): Code => [
    Array.from({ length: ib * tb }, (_, n) => [aAt(n % tb, Math.floor(n / tb)), f64Load(), op.f64x2Splat, set(xs[n])]),
    bytes([get(c), get(i), get(N), op.i32Mul, op.i32Add]), set(pc0), // row i of C
    get(pc0), get(N8), op.i32Add, set(pc1),
    bytes([get(b), get(t), get(N), op.i32Mul, op.i32Add]), set(pb), // b_t
    i32(0), set(q),
    whileLoop(lessThan(q, qEnd2), [
      Array.from({ length: ib }, (_, k) => [load([get(outs[k]), get(q), op.i32Add]), set(cs[k])]),
      Array.from({ length: tb }, (_, j) => [
        load(bAt(j)), set(bv),
        Array.from({ length: ib }, (_, k) => [get(cs[k]), get(xs[k * tb + j]), get(bv), op.f64x2Mul, op.f64x2Add, set(cs[k])]),
      ]),
      Array.from({ length: ib }, (_, k) => [get(outs[k]), get(q), op.i32Add, get(cs[k]), v128Store()]),
      addTo(q, i32(16)),
    ]),
    ifThen(lessThan(q, N8), [
      // odd N: the last number of each row
      Array.from({ length: ib }, (_, k) => [
        get(outs[k]), get(q), op.i32Add,
        get(outs[k]), get(q), op.i32Add, f64Load(),
        Array.from({ length: tb }, (_, j) => [get(xs[k * tb + j]), f64x2Lane(0), bAt(j), f64Load(), op.f64Mul, op.f64Add]),
        f64Store(),
      ]),
    ]),
  ];
  const rowLoop = (ib: number, tb: number): Code =>
    whileLoop(lessOrEqual([get(i), i32(ib), op.i32Add], get(M)), [block(ib, tb), addTo(i, i32(ib))]);
  const stepLoop = (tb: number): Code =>
    whileLoop(lessOrEqual([get(t), i32(tb), op.i32Add], get(tEnd)), [i32(0), set(i), rowLoop(2, tb), rowLoop(1, tb), addTo(t, i32(tb))]);
  const body: Code = [
    bytes(get(N)), set(N8),
    bytes([get(N), i32(-2), op.i32And]), set(qEnd2),
    i32(0), set(t0),
    // Steps in blocks of STEP_BLOCK, so that their rows of b stay in the cache while every row of C takes them.
    whileLoop(lessThan(t0, T), [
      get(t0), i32(STEP_BLOCK), op.i32Add, set(tEnd),
      ifThen(lessThan(T, tEnd), [get(T), set(tEnd)]),
      get(t0), set(t),
      stepLoop(4),
      stepLoop(1),
      get(tEnd), set(t0),
    ]),
  ];
  return { name: "outerSum", params: 8, locals: [...Array(8).fill(type.i32), ...Array(11).fill(type.v128), type.i32, type.i32], body };
})();

/** The module's bytes (under 1 KB). */
export const SIMD_KERNELS_WASM = wasmModule([rowDots, outerSum]);

/** The part of the WebAssembly API used here (declared locally: tslab compiles cells without the DOM library). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { [name: string]: unknown } };
}
interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}
type Kernel = (a: number, n1: number, b: number, n2: number, n3: number, c: number) => void;
type StridedKernel = (a: number, sa: number, si: number, M: number, b: number, N: number, T: number, c: number) => void;

const PAGE = 65536; // bytes in a page of WebAssembly memory

/** The kernels, or undefined where WebAssembly or its SIMD instructions are not available. */
export function simdKernels(): Kernels | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm || !wasm.validate(SIMD_KERNELS_WASM)) return undefined;
  const instance = new wasm.Instance(new wasm.Module(SIMD_KERNELS_WASM), {});
  const memory = instance.exports.memory as WasmMemory;
  const rowDots = instance.exports.rowDots as Kernel, outerSum = instance.exports.outerSum as StridedKernel;
  let w = new Float64Array(memory.buffer);
  return {
    workspace(size) {
      if (w.length < size) {
        memory.grow(Math.ceil((size * 8 - memory.buffer.byteLength) / PAGE));
        w = new Float64Array(memory.buffer); // growing replaces the buffer
      }
      return w;
    },
    rowDots,
    outerSum(ao, M, bo, N, T, co) {
      w.fill(0, co, co + M * N);
      outerSum(ao, M, 1, M, bo, N, T, co);
    },
    combineRows(xo, count, ao, R, K, co) {
      w.fill(0, co, co + count * K);
      outerSum(xo, 1, R, count, ao, K, R, co); // a_t[i] = x_i[t]: step t is row t of A
    },
  };
}
