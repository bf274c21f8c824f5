// The course library for the notebooks: `import { Vocabulary, show } from "./unrolled";`
// It lives in src/ (and kernel/notebook.ts); edit it there and re-run the import cell, which rebuilds
// build/library/ (declarations and JavaScript) from it first.
export * from "./.unrolled/build/library/kernel/notebook";
