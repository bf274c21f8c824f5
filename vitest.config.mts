import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // notebooks/.unrolled (and fixtures' links like it) point back at the project root: never follow them.
    exclude: ["**/node_modules/**", "**/.unrolled/**"],
    // Integration tests start real Jupyter servers and kernels: give them room, and run files one at a
    // time so that two servers never compete for the machine's two cores.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // Gives each run an id: the notebooks are executed once per run, for every test that needs them.
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default"],
  },
});
