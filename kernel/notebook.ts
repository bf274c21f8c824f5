// What a notebook sees when it writes `import { ... } from "./unrolled";`: the whole library of src/
// plus the notebook-only helpers of kernel/ (showing charts).
// (tslab compiles only files below the notebook's folder, so notebooks/unrolled.ts reaches this file
// through notebooks/.unrolled, a link to the project root that JupyterLab does not list.)
import { recordAnswersWith } from "../src/checks";
import { sendAnswer } from "./display";

export * from "../src/index";
export { show } from "./display";
export { trainingProgress, trainWithProgress } from "./progress";

// When grading, check cells send their answers to the grader, which compares them in its own process.
if (process.env["UNROLLED_GRADING"] === "1") recordAnswersWith(sendAnswer);
