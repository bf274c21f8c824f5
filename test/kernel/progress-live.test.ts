// Training progress in a real tslab kernel that is not headless (as in JupyterLab): one display that
// is updated in place, and no printed lines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotebookKernel } from "../../kernel/runner";
import { startJupyter, type JupyterServer } from "../../kernel/server";

let server: JupyterServer;
beforeAll(async () => {
  server = await startJupyter({ app: "server" });
});
afterAll(async () => {
  await server?.stop();
});

describe("trainWithProgress in a live kernel", () => {
  it("shows one line that ends at the last step, updated in place", async () => {
    const kernel = await NotebookKernel.start(server.settings, "notebooks/progress-check.ipynb");
    try {
      const outcome = await kernel.execute(
        'import { CharModel, sonnetLines, trainWithProgress } from "./unrolled";\n' +
          "const model = new CharModel(sonnetLines(), { hiddenSize: 8, seed: 1 });\n" +
          'await trainWithProgress(model, 120, "live run");\n' +
          "console.log(model.step);",
      );
      expect(outcome.message).toBe("");
      const displays = outcome.outputs.filter((o) => o.output_type === "display_data");
      expect(displays).toHaveLength(1);
      const text = String((displays[0]["data"] as Record<string, unknown>)["text/plain"]);
      expect(text).toMatch(/^live run: step 120\/120, loss per character \d+\.\d\d \(perplexity \d+\.\d\), \d+\.\d s \(done\)$/);
      const printed = outcome.outputs.filter((o) => o.output_type === "stream").map((o) => o["text"]).join("");
      expect(printed).toBe("120\n");
    } finally {
      await kernel.shutdown();
    }
  });
});
