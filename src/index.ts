// The course library: one concept a file, everything exported from here.
// Notebooks import it as `import { ... } from "./unrolled";` (see notebooks/unrolled.ts).
export * from "./plots/figure";
