// The course library for the notebooks: `import { Vocabulary, show } from "./unrolled";`
// It lives in src/ (and kernel/notebook.ts); edit it there and re-run the import cell.
export * from "./.unrolled/kernel/notebook";
