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

// rowDots(a, R, b, T, K, c): c[t·R + r] = a[r·K ..] · b[t·K ..] (K numbers each), all offsets in elements.
const rowDots = (() => {
  const [a, R, b, T, K, c] = [0, 1, 2, 3, 4, 5];
  const [t, r, pa, pb, end4, end, pc, acc0, acc1, s] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const madd = (acc: number, offset: number): Code =>
    [get(acc), get(pa), v128Load(offset), get(pb), v128Load(offset), op.f64x2Mul, op.f64x2Add, set(acc)];
  const body: Code = [
    bytes(get(c)), set(pc),
    i32(0), set(t),
    whileLoop(lessThan(t, T), [
      i32(0), set(r),
      whileLoop(lessThan(r, R), [
        bytes([get(a), get(r), get(K), op.i32Mul, op.i32Add]), set(pa), // row r of A
        bytes([get(b), get(t), get(K), op.i32Mul, op.i32Add]), set(pb), // row t of B
        get(pa), bytes(get(K)), op.i32Add, set(end),
        get(pa), bytes([get(K), i32(-4), op.i32And]), op.i32Add, set(end4),
        v128Zero, set(acc0), v128Zero, set(acc1),
        // Four numbers at a time in two running sums of two, so that two additions are under way at once.
        whileLoop(lessThan(pa, end4), [madd(acc0, 0), madd(acc1, 16), addTo(pa, i32(32)), addTo(pb, i32(32))]),
        get(acc0), get(acc1), op.f64x2Add, set(acc0),
        ifThen([get(end), get(pa), op.i32Sub, i32(16), op.i32GeU], [madd(acc0, 0), addTo(pa, i32(16)), addTo(pb, i32(16))]),
        get(acc0), f64x2Lane(0), get(acc0), f64x2Lane(1), op.f64Add, set(s),
        ifThen(lessThan(pa, end), [get(s), get(pa), f64Load(), get(pb), f64Load(), op.f64Mul, op.f64Add, set(s)]), // odd K
        get(pc), get(s), f64Store(),
        addTo(pc, i32(8)),
        addTo(r, i32(1)),
      ]),
      addTo(t, i32(1)),
    ]),
  ];
  return { name: "rowDots", params: 6, locals: [...Array(7).fill(type.i32), type.v128, type.v128, type.f64], body };
})();

// outerSum(a, M, b, N, T, c): c[i·N ..] += a[t·M + i] · b[t·N ..] (N numbers) for every step t and row i.
const outerSum = (() => {
  const [a, M, b, N, T, c] = [0, 1, 2, 3, 4, 5];
  const [t, i, pa, pb, pc, end, end2, x] = [6, 7, 8, 9, 10, 11, 12, 13];
  const body: Code = [
    bytes(get(a)), set(pa), // a_t[i] are read in order: a[0], a[1], ...
    i32(0), set(t),
    whileLoop(lessThan(t, T), [
      i32(0), set(i),
      whileLoop(lessThan(i, M), [
        get(pa), f64Load(), op.f64x2Splat, set(x), // (a_t[i], a_t[i])
        addTo(pa, i32(8)),
        bytes([get(c), get(i), get(N), op.i32Mul, op.i32Add]), set(pc), // row i of C
        bytes([get(b), get(t), get(N), op.i32Mul, op.i32Add]), set(pb), // b_t
        get(pc), bytes(get(N)), op.i32Add, set(end),
        get(pc), bytes([get(N), i32(-2), op.i32And]), op.i32Add, set(end2),
        whileLoop(lessThan(pc, end2), [
          get(pc), get(pc), v128Load(), get(x), get(pb), v128Load(), op.f64x2Mul, op.f64x2Add, v128Store(),
          addTo(pc, i32(16)), addTo(pb, i32(16)),
        ]),
        ifThen(lessThan(pc, end), [get(pc), get(pc), f64Load(), get(x), f64x2Lane(0), get(pb), f64Load(), op.f64Mul, op.f64Add, f64Store()]), // odd N
        addTo(i, i32(1)),
      ]),
      addTo(t, i32(1)),
    ]),
  ];
  return { name: "outerSum", params: 6, locals: [...Array(7).fill(type.i32), type.v128], body };
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
