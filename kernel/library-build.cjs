// The course library as notebooks load it: build/library/ holds JavaScript and type declarations (.d.ts)
// made from kernel/notebook.ts and everything it imports (all of src/), by tslab's own TypeScript 5.0.4
// with the options tslab compiles cells with. A notebook's import line then type-checks against the
// declarations only (about 10 times less work than compiling src/ in every kernel) and runs the built
// JavaScript. The build is redone when a source is newer than it, under a lock, so that kernels running
// at once build it once.
//
// Plain CommonJS with no dependencies outside node_modules: kernel/setup.mjs runs it before anything else,
// and every tslab kernel loads it at start (kernel/kernel-hooks.cjs), where tsx is not loaded.
//
// Usage: const { ensureLibrary } = require("./library-build.cjs"); const { id, diagnostics } = ensureLibrary();
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const projectRoot = path.resolve(__dirname, "..");
const libraryDir = path.join(projectRoot, "build", "library");
const entry = path.join(projectRoot, "kernel", "notebook.ts");
/** What `notebooks/unrolled.ts` re-exports, without its extension. */
const entryDeclarations = path.join(libraryDir, "kernel", "notebook.d.ts");
const manifestFile = path.join(libraryDir, "manifest.json");
const lockFile = path.join(projectRoot, "build", "library.lock");
const FORMAT = 1; // bump when the options below change

function typescript() {
  return require(require.resolve("@tslab/typescript-for-tslab", { paths: [path.dirname(require.resolve("tslab/package.json", { paths: [projectRoot] }))] }));
}

function compilerOptions(ts) {
  return {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    declaration: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    rootDir: projectRoot,
    outDir: libraryDir,
    newLine: ts.NewLineKind.LineFeed,
  };
}

function readManifest() {
  try {
    return JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return null;
  }
}

/** The build's id when every source it was made from is unchanged (same size and modification time), else null. */
function freshBuildId() {
  const manifest = readManifest();
  if (!manifest || manifest.format !== FORMAT) return null;
  for (const [relative, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    let stat;
    try {
      stat = fs.statSync(path.join(projectRoot, relative));
    } catch {
      return null;
    }
    if (stat.mtimeMs !== mtimeMs || stat.size !== size) return null;
  }
  return manifest.id;
}

function writeIfChanged(file, text) {
  try {
    if (fs.readFileSync(file, "utf8") === text) return false;
  } catch {
    // not there yet
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file); // readers see the old file or the new one, never half of one
  return true;
}

/** One diagnostic as tslab prints them: project-relative file, 0-based line and character. */
function describe(ts, diagnostic) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return { fileName: undefined, line: 0, character: 0, messageText: message };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { fileName: path.relative(projectRoot, diagnostic.file.fileName), line, character, messageText: message };
}

function build() {
  const ts = typescript();
  const inputs = {};
  const program = ts.createProgram([entry], compilerOptions(ts));
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => describe(ts, d));
  if (errors.length > 0) return { id: null, diagnostics: errors };
  const outputs = new Map();
  const emitted = program.emit(undefined, (file, text) => outputs.set(path.resolve(file), text));
  if (emitted.emitSkipped) return { id: null, diagnostics: emitted.diagnostics.map((d) => describe(ts, d)) };
  for (const file of program.getSourceFiles()) {
    const relative = path.relative(projectRoot, file.fileName);
    if (relative.startsWith("..") || relative.startsWith(`node_modules${path.sep}`) || path.isAbsolute(relative)) continue;
    const stat = fs.statSync(file.fileName);
    inputs[relative] = [stat.mtimeMs, stat.size];
  }
  const hash = createHash("sha256");
  for (const [file, text] of [...outputs].sort(([a], [b]) => a.localeCompare(b))) {
    writeIfChanged(file, text);
    hash.update(file).update("\0").update(text).update("\0");
  }
  const id = hash.digest("hex").slice(0, 16);
  writeIfChanged(manifestFile, `${JSON.stringify({ format: FORMAT, id, compiler: ts.version, inputs }, null, 1)}\n`);
  return { id, diagnostics: [] };
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Holds the build lock while `work` runs; a lock older than two minutes was left by a process that died. */
function withLock(work) {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lockFile, "wx"));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      try {
        if (Date.now() - fs.statSync(lockFile).mtimeMs > 120_000) fs.rmSync(lockFile, { force: true });
      } catch {
        // released meanwhile
      }
      sleep(50);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/**
 * Builds the library unless it is up to date. Returns the build's id (it changes with every output), and
 * the compiler's errors when src/ does not compile (then the previous build stays in place).
 *
 * @example
 *   ensureLibrary() // → { id: "3f9c0a1b2c3d4e5f", built: false, diagnostics: [] }
 */
function ensureLibrary() {
  const fresh = freshBuildId();
  if (fresh) return { id: fresh, built: false, diagnostics: [] };
  return withLock(() => {
    const builtMeanwhile = freshBuildId(); // by another kernel, while this one waited for the lock
    if (builtMeanwhile) return { id: builtMeanwhile, built: false, diagnostics: [] };
    return { ...build(), built: true };
  });
}

module.exports = { ensureLibrary, libraryDir, entryDeclarations, projectRoot };

if (require.main === module) {
  const started = Date.now();
  const { id, built, diagnostics } = ensureLibrary();
  for (const d of diagnostics) console.error(`${d.fileName ?? ""}:${d.line + 1}:${d.character + 1} - ${d.messageText}`);
  if (!id) process.exit(1);
  if (built && !process.argv.includes("--quiet")) console.log(`[setup] built the library into build/library/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
