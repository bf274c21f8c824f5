// Once per `vitest run`: an id for this run, so that the tests that need every notebook executed share
// one execution (test/helpers/executed-notebooks.ts) instead of each running them again.
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    testRunId: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide("testRunId", `${new Date().toISOString()} pid ${process.pid}`);
}
