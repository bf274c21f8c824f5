/**
 * The fast layer's two loops (../kernels.ts) as WebAssembly SIMD: each instruction multiplies or adds two
 * float64 at once (f64x2), which plain JavaScript cannot do. That is what lets the TypeScript training step
 * keep up with numpy (`npm run bench`); the numbers are the same to about 1e-15 (only the order of the sums
 * changes). The workspace is a Float64Array over the module's own memory, so the layer writes its
 * matrices straight to where these kernels read them.
 *
 * - rowDots: C[t][r] = A[r]·B[t], dot products of rows: a matrix times the states of every sequence;
 * - outerSum: C += a_t[i]·b_t, rows of B scaled and added: a weight gradient summed over steps.
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
/** acc += A·x for the f64x2 at `address` (two numbers of one row of A). */
const madd = (acc: number, address: Code, x: Code): Code => [get(acc), load(address), x, op.f64x2Mul, op.f64x2Add, set(acc)];
/** The sum of the two lanes of `acc`. */
const lanes = (acc: number): Code => [get(acc), f64x2Lane(0), get(acc), f64x2Lane(1), op.f64Add];

// rowDots(a, R, b, T, K, c): c[t·R + r] = a[r·K ..] · b[t·K ..] (K numbers each), all offsets in elements.
// Four rows of A at a time: each pair of numbers of b[t] is loaded once for four rows (eight products).
const rowDots = (() => {
  const [a, R, b, T, K, c] = [0, 1, 2, 3, 4, 5];
  const [t, r, p0, p1, p2, p3, pb, bStart, bEnd, bEnd2, pc, K8] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const [acc0, acc1, acc2, acc3, x] = [18, 19, 20, 21, 22];
  const s = 23;
  const rows = [p0, p1, p2, p3], accs = [acc0, acc1, acc2, acc3];
  /** s = acc's lanes, plus the last product when K is odd; stored at pc + 8·i. */
  const finish = (i: number): Code => [
    lanes(accs[i]), set(s),
    ifThen(lessThan(pb, bEnd), [get(s), get(rows[i]), f64Load(), get(pb), f64Load(), op.f64Mul, op.f64Add, set(s)]),
    get(pc), get(s), f64Store(8 * i),
  ];
  const body: Code = [
    bytes(get(K)), set(K8),
    bytes(get(c)), set(pc),
    i32(0), set(t),
    whileLoop(lessThan(t, T), [
      bytes([get(b), get(t), get(K), op.i32Mul, op.i32Add]), set(bStart), // row t of B
      get(bStart), get(K8), op.i32Add, set(bEnd),
      get(bStart), bytes([get(K), i32(-2), op.i32And]), op.i32Add, set(bEnd2),
      i32(0), set(r),
      whileLoop(lessOrEqual([get(r), i32(4), op.i32Add], get(R)), [
        bytes([get(a), get(r), get(K), op.i32Mul, op.i32Add]), set(p0), // rows r .. r + 3 of A
        get(p0), get(K8), op.i32Add, set(p1),
        get(p1), get(K8), op.i32Add, set(p2),
        get(p2), get(K8), op.i32Add, set(p3),
        v128Zero, set(acc0), v128Zero, set(acc1), v128Zero, set(acc2), v128Zero, set(acc3),
        get(bStart), set(pb),
        whileLoop(lessThan(pb, bEnd2), [
          load(get(pb)), set(x),
          rows.map((row, i) => madd(accs[i], get(row), get(x))),
          rows.map((row) => addTo(row, i32(16))),
          addTo(pb, i32(16)),
        ]),
        [0, 1, 2, 3].map(finish),
        addTo(pc, i32(32)),
        addTo(r, i32(4)),
      ]),
      whileLoop(lessThan(r, R), [
        // The last rows (R not a multiple of four), one at a time.
        bytes([get(a), get(r), get(K), op.i32Mul, op.i32Add]), set(p0),
        v128Zero, set(acc0),
        get(bStart), set(pb),
        whileLoop(lessThan(pb, bEnd2), [madd(acc0, get(p0), load(get(pb))), addTo(p0, i32(16)), addTo(pb, i32(16))]),
        finish(0),
        addTo(pc, i32(8)),
        addTo(r, i32(1)),
      ]),
      addTo(t, i32(1)),
    ]),
  ];
  return { name: "rowDots", params: 6, locals: [...Array(12).fill(type.i32), ...Array(5).fill(type.v128), type.f64], body };
})();

// outerSum(a, M, b, N, T, c): c[i·N ..] += a[t·M + i] · b[t·N ..] (N numbers) for every step t and row i.
// Four steps at a time: each pair of numbers of C is loaded and stored once for four steps (eight products).
const outerSum = (() => {
  const [a, M, b, N, T, c] = [0, 1, 2, 3, 4, 5];
  const [t, i, pa, pb, pc, end, end2, M8, N8] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const [x0, x1, x2, x3] = [15, 16, 17, 18];
  const xs = [x0, x1, x2, x3];
  /** b_{t+j} at pb + j·N·8. */
  const bAt = (j: number): Code => (j === 0 ? get(pb) : [get(pb), get(N8), i32(j), op.i32Mul, op.i32Add]);
  const rowStart = (): Code => [
    bytes([get(c), get(i), get(N), op.i32Mul, op.i32Add]), set(pc), // row i of C
    get(pc), get(N8), op.i32Add, set(end),
    get(pc), bytes([get(N), i32(-2), op.i32And]), op.i32Add, set(end2),
    bytes([get(b), get(t), get(N), op.i32Mul, op.i32Add]), set(pb), // b_t
  ];
  const body: Code = [
    bytes(get(M)), set(M8),
    bytes(get(N)), set(N8),
    i32(0), set(t),
    whileLoop(lessOrEqual([get(t), i32(4), op.i32Add], get(T)), [
      i32(0), set(i),
      whileLoop(lessThan(i, M), [
        bytes([get(a), get(t), get(M), op.i32Mul, op.i32Add, get(i), op.i32Add]), set(pa), // a_t[i]
        xs.map((xj, j) => [get(pa), ...(j ? [get(M8), i32(j), op.i32Mul, op.i32Add] : []), f64Load(), op.f64x2Splat, set(xj)]),
        rowStart(),
        whileLoop(lessThan(pc, end2), [
          get(pc),
          load(get(pc)),
          xs.map((xj, j) => [get(xj), load(bAt(j)), op.f64x2Mul, op.f64x2Add]),
          v128Store(),
          addTo(pc, i32(16)), addTo(pb, i32(16)),
        ]),
        ifThen(lessThan(pc, end), [
          get(pc), get(pc), f64Load(),
          xs.map((xj, j) => [get(xj), f64x2Lane(0), bAt(j), f64Load(), op.f64Mul, op.f64Add]),
          f64Store(),
        ]), // odd N
        addTo(i, i32(1)),
      ]),
      addTo(t, i32(4)),
    ]),
    whileLoop(lessThan(t, T), [
      // The last steps (T not a multiple of four), one at a time.
      i32(0), set(i),
      whileLoop(lessThan(i, M), [
        bytes([get(a), get(t), get(M), op.i32Mul, op.i32Add, get(i), op.i32Add]), f64Load(), op.f64x2Splat, set(x0),
        rowStart(),
        whileLoop(lessThan(pc, end2), [
          get(pc), load(get(pc)), get(x0), load(get(pb)), op.f64x2Mul, op.f64x2Add, v128Store(),
          addTo(pc, i32(16)), addTo(pb, i32(16)),
        ]),
        ifThen(lessThan(pc, end), [get(pc), get(pc), f64Load(), get(x0), f64x2Lane(0), get(pb), f64Load(), op.f64Mul, op.f64Add, f64Store()]),
        addTo(i, i32(1)),
      ]),
      addTo(t, i32(1)),
    ]),
  ];
  return { name: "outerSum", params: 6, locals: [...Array(9).fill(type.i32), ...Array(4).fill(type.v128)], body };
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

const PAGE = 65536; // bytes in a page of WebAssembly memory

/** The kernels, or undefined where WebAssembly or its SIMD instructions are not available. */
export function simdKernels(): Kernels | undefined {
  const wasm = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!wasm || !wasm.validate(SIMD_KERNELS_WASM)) return undefined;
  const instance = new wasm.Instance(new wasm.Module(SIMD_KERNELS_WASM), {});
  const memory = instance.exports.memory as WasmMemory;
  const rowDots = instance.exports.rowDots as Kernel, outerSum = instance.exports.outerSum as Kernel;
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
      outerSum(ao, M, bo, N, T, co);
    },
  };
}
