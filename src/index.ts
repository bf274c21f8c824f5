// The course library: one concept a file, everything exported from here.
// Notebooks import it as `import { ... } from "./unrolled";` (see notebooks/unrolled.ts).
export * from "./plots/figure";
export * from "./tokenize";
export * from "./special-tokens";
export * from "./vocabulary";
export * from "./one-hot";
export * from "./padding";
export * from "./parameter-count";
export * from "./plots/plotly-text";
export * from "./plots/one-hot";
export * from "./plots/parameter-count";
export * from "./plots/sequences";
