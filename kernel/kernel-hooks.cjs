// Loaded into every tslab kernel of the course (its kernelspec sets NODE_OPTIONS=--require <this file>,
// see kernel/setup.mjs), before tslab itself. It keeps tslab as it is and adds three things:
//   1. a cell that imports "./unrolled" first brings build/library/ up to date with src/
//      (kernel/library-build.cjs), and when the build changed, tslab re-reads its declarations and the
//      kernel re-loads its JavaScript: a student sees an edit to src/ by re-running the import cell;
//      a src/ that does not compile fails that cell with the compiler's errors, as tslab would;
//   2. the library's JavaScript (mathjs with it) is loaded while the kernel starts, so that the import
//      cell itself has only the declarations left to read;
//   3. the kernel ends when the process that started it (the Jupyter server) is gone.
// Plain CommonJS: it runs in the kernel's Node before anything is compiled.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const isTslabKernel = /tslab/.test(process.argv[1] ?? "") && process.argv[2] === "kernel";
if (isTslabKernel && process.env.UNROLLED_KERNEL_REFERENCE !== "1") install();
// A student's own child processes (a cell that runs `node ...`) start without these hooks.
if (process.env.NODE_OPTIONS) process.env.NODE_OPTIONS = process.env.NODE_OPTIONS.replace(/--require[=\s]+("[^"]*kernel-hooks\.cjs"|\S*kernel-hooks\.cjs)/, "").trim();

function install() {
  const { ensureLibrary, libraryDir, entryDeclarations, projectRoot } = require("./library-build.cjs");
  const tslabDir = path.dirname(require.resolve("tslab/package.json", { paths: [projectRoot] }));
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] }));
  const converter = require(path.join(tslabDir, "dist", "converter.js"));
  const realLibraryDir = () => {
    try {
      return fs.realpathSync(libraryDir);
    } catch {
      return libraryDir;
    }
  };
  const insideLibrary = (file) => {
    try {
      const real = fs.realpathSync(file);
      return real === realLibraryDir() || real.startsWith(realLibraryDir() + path.sep);
    } catch {
      return false;
    }
  };

  // tslab's compiler watches every file it read, and fails a cell with "Unexpected pending rebuildTimer"
  // when two of its watchers fire at once. The library's files are not watched by the file system:
  // this hook tells the compiler itself, in step, when the build changed.
  const fileCallbacks = new Map(); // path as the compiler sees it → callbacks
  const watchFile = ts.sys.watchFile;
  ts.sys.watchFile = (file, callback, ...rest) => {
    const library = insideLibrary(file);
    const isImportFile = path.basename(file) === "unrolled.ts";
    if (library || isImportFile) {
      if (!fileCallbacks.has(file)) fileCallbacks.set(file, new Set());
      fileCallbacks.get(file).add(callback);
    }
    const watcher = library ? { close() {} } : watchFile.call(ts.sys, file, callback, ...rest);
    return {
      close() {
        fileCallbacks.get(file)?.delete(callback);
        watcher.close();
      },
    };
  };
  const watchDirectory = ts.sys.watchDirectory;
  ts.sys.watchDirectory = (directory, ...rest) => (insideLibrary(directory) ? { close() {} } : watchDirectory.call(ts.sys, directory, ...rest));

  let loadedId = null;
  /** Brings the build up to date; when it is not the one this kernel loaded, the compiler and require re-read it. */
  function refresh() {
    const result = ensureLibrary();
    if (!result.id || result.id === loadedId) return result;
    loadedId = result.id;
    for (const [file, callbacks] of fileCallbacks) for (const callback of [...callbacks]) callback(file, ts.FileWatcherEventKind.Changed);
    const real = realLibraryDir();
    for (const key of Object.keys(require.cache)) if (key.startsWith(real + path.sep)) delete require.cache[key];
    return result;
  }

  const importsLibrary = (src) => /["']\.\/unrolled["']/.test(src);
  const createConverter = converter.createConverter;
  converter.createConverter = (options) => {
    // The library's JavaScript is loaded from the start (2.), when the notebook's folder reaches it.
    const preload = path.join(process.cwd(), ".unrolled", path.relative(projectRoot, entryDeclarations));
    const preloading = !options?.isBrowser && fs.existsSync(preload) && insideLibrary(preload);
    if (preloading) refresh();
    const made = createConverter(options);
    if (preloading) {
      try {
        require(preload.replace(/\.d\.ts$/, ".js"));
      } catch {
        // the import cell will report it
      }
    }
    const convert = made.convert;
    made.convert = (prevDecl, src) => {
      if (importsLibrary(src)) {
        const { diagnostics } = refresh();
        if (diagnostics.length > 0) {
          const at = { offset: 0, line: 0, character: 0 };
          return {
            diagnostics: diagnostics.map((d) => ({
              start: { offset: 0, line: d.line, character: d.character },
              end: at,
              messageText: d.messageText,
              category: ts.DiagnosticCategory.Error,
              code: 0,
              fileName: d.fileName,
            })),
          };
        }
      }
      return convert(prevDecl, src);
    };
    return made;
  };

  // 3. Jupyter's server started this kernel; when it is gone (killed, crashed), so is the kernel.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 500).unref();
}
