/**
 * A tiny WebAssembly assembler: just the opcodes the SIMD kernels (simd-kernels.ts) use, and the few
 * sections of a module that exports functions and its memory. Writing the bytes here keeps the course free
 * of a binary file and of a build tool: the kernels are TypeScript a student can read, opcode by opcode.
 * Opcodes and encodings: the WebAssembly core specification 2.0, chapter 5 (binary format).
 *
 * @example
 *   const bytes = wasmModule([{ name: "add", params: 2, locals: [], body: [get(0), get(1), op.i32Add] }]);
 */

/** Bytes of code: nested arrays, flattened when the module is written. */
export type Code = number | Code[];

/** Unsigned LEB128, the encoding of every count, index and size. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128, the encoding of i32.const's operand. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function flatten(code: Code, out: number[] = []): number[] {
  if (typeof code === "number") out.push(code);
  else for (const c of code) flatten(c, out);
  return out;
}

/** A vector: its length, then its items. */
const vec = (items: Code[]): Code => [uleb(items.length), items];
const utf8 = (s: string): Code => vec(Array.from(s, (ch) => ch.charCodeAt(0)));

export const type = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;

/** Memory access of an 8-byte-aligned address plus `offset` bytes (align is log2 of the bytes). */
const memarg = (offset: number): Code => [3, uleb(offset)];
/** SIMD instructions: the 0xfd prefix, then the opcode as unsigned LEB128. */
const simd = (opcode: number): Code => [0xfd, uleb(opcode)];

export const op = {
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i32LtU: 0x49,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  f64x2Add: simd(240),
  f64x2Mul: simd(242),
  f64x2Splat: simd(20),
};

export const get = (local: number): Code => [0x20, uleb(local)];
export const set = (local: number): Code => [0x21, uleb(local)];
export const i32 = (n: number): Code => [0x41, sleb(n)];
export const f64Load = (offset = 0): Code => [0x2b, memarg(offset)];
export const f64Store = (offset = 0): Code => [0x39, memarg(offset)];
export const v128Load = (offset = 0): Code => [simd(0), memarg(offset)];
export const v128Store = (offset = 0): Code => [simd(11), memarg(offset)];
/** The f64x2 vector (0, 0). */
export const v128Zero: Code = [simd(12), new Array<number>(16).fill(0)];
export const f64x2Lane = (lane: number): Code => [simd(33), lane];

/** `while (condition) body`: a block (to leave) around a loop (to repeat). */
export function whileLoop(condition: Code, body: Code): Code {
  const block = 0x02, loop = 0x03, end = 0x0b, noResult = 0x40, br = 0x0c, brIf = 0x0d, i32Eqz = 0x45;
  return [block, noResult, loop, noResult, condition, i32Eqz, brIf, 1, body, br, 0, end, end];
}

/** `if (condition) body`. */
export const ifThen = (condition: Code, body: Code): Code => [condition, 0x04, 0x40, body, 0x0b];

/** `local += step` for an i32 local. */
export const addTo = (local: number, step: Code): Code => [get(local), step, op.i32Add, set(local)];

export interface WasmFunction {
  name: string;
  params: number; // all i32
  locals: number[]; // the type of each local after the parameters
  body: Code;
}

/** A module of functions with i32 parameters and no result, exporting them and its memory ("memory"). */
export function wasmModule(functions: WasmFunction[]): Uint8Array {
  const section = (id: number, contents: Code): Code => {
    const bytes = flatten(contents);
    return [id, uleb(bytes.length), bytes];
  };
  const signatures = Array.from(new Set(functions.map((f) => f.params)));
  const types = section(1, vec(signatures.map((n) => [0x60, vec(new Array<number>(n).fill(type.i32)), vec([])])));
  const funcs = section(3, vec(functions.map((f) => uleb(signatures.indexOf(f.params)))));
  const memory = section(5, vec([[0x00, uleb(1)]])); // one memory of at least one 64 KiB page, grown from JS
  const exported = section(7, vec([...functions.map((f, i) => [utf8(f.name), 0x00, uleb(i)]), [utf8("memory"), 0x02, 0]]));
  const bodies = functions.map((f) => {
    const body = flatten([vec(f.locals.map((t) => [1, t])), f.body, 0x0b]);
    return [uleb(body.length), body];
  });
  const code = section(10, vec(bodies));
  return new Uint8Array(flatten([[0x00, 0x61, 0x73, 0x6d], [0x01, 0x00, 0x00, 0x00], types, funcs, memory, exported, code]));
}
