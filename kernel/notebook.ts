// What a notebook sees when it writes `import { ... } from "./unrolled";`: the whole library of src/
// plus the notebook-only helpers of kernel/ (showing charts).
// (tslab compiles only files below the notebook's folder, so notebooks/unrolled.ts reaches this file
// through notebooks/.unrolled, a link to the project root that JupyterLab does not list.)
export * from "../src/index";
export { show } from "./display";
export { trainingProgress, trainWithProgress } from "./progress";
