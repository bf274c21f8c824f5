// The student's path, for real: `npm start` (with its usual port taken), JupyterLab opened in headless
// Chromium, article 01 run with "Run All Cells", no error output, the chart drawn; then Ctrl-C stops
// JupyterLab and its kernel.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { chartBundle } from "../../kernel/display";
import { projectRoot, stateDir } from "../../kernel/jupyter-env";
import { launchOptions } from "../helpers/browser";
import { processesMentioning } from "../helpers/processes";

const article = "01-from-words-to-vectors.ipynb";
let start: ChildProcess | null = null;
let browser: Browser | null = null;
let blocker: Server | null = null;

// JupyterLab saves what it changes in the notebook (kernel metadata, outputs): put the source back.
const articlePath = join(projectRoot, "notebooks", article);
const articleSource = readFileSync(articlePath, "utf8");

afterAll(async () => {
  writeFileSync(articlePath, articleSource);
  await browser?.close();
  blocker?.close();
  // After a failure, stop `npm start` the way a student would, so that it stops its server and kernels too.
  if (start?.pid && start.exitCode === null && start.signalCode === null) {
    process.kill(-start.pid, "SIGINT");
    const exited = await Promise.race([
      new Promise((resolve) => start!.once("exit", () => resolve(true))),
      new Promise((resolve) => setTimeout(() => resolve(false), 20_000)),
    ]);
    if (!exited) process.kill(-start.pid, "SIGKILL");
  }
});

function occupyPort(): Promise<number> {
  return new Promise((resolve) => {
    blocker = createServer().listen(0, "127.0.0.1", () => resolve((blocker!.address() as { port: number }).port));
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, output: { text: string }): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address in 120 s:\n${output.text}`)), 120_000);
    const check = () => {
      const match = output.text.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      output.text += chunk.toString();
      check();
    });
    child.stderr!.on("data", (chunk: Buffer) => (output.text += chunk.toString()));
    child.on("exit", () => reject(new Error(`npm start exited early:\n${output.text}`)));
  });
}

describe("npm start, in a browser", () => {
  it("serves JupyterLab where article 01 runs with no error and draws its chart", { timeout: 420_000 }, async () => {
    const takenPort = await occupyPort();
    const startedAt = Date.now();
    const output = { text: "" };
    // Its own process group, so that a Ctrl-C reaches npm and node together, as in a terminal.
    start = spawn("npm", ["start", "--", "--port", String(takenPort)], { cwd: projectRoot, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const [address, port, token] = await waitForOutput(start, /http:\/\/127\.0\.0\.1:(\d+)\/lab\/tree\/notebooks\?token=([0-9a-f]+)/, output);
    expect(output.text).toContain(`Port ${takenPort} is taken: using ${port} instead.`);
    expect(Number(port)).not.toBe(takenPort);

    // Token authentication: without the token the API refuses.
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/kernels`);
    expect(anonymous.status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${port}/api/kernels?token=${token}`)).status).toBe(200);

    browser = await chromium.launch(launchOptions());
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleErrors: string[] = [];
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.goto(address.replace("/lab/tree/notebooks?", `/lab/tree/notebooks/${article}?`));
    await page.locator(".jp-NotebookPanel .jp-Cell").first().waitFor({ timeout: 120_000 });
    // The kernel comes from the notebook's metadata, with no dialog: wait until it is idle.
    await page.locator(".jp-StatusBar-Widget", { hasText: "TypeScript | Idle" }).waitFor({ timeout: 120_000 });
    await page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").waitFor({ timeout: 120_000 });

    await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
    await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();

    const source = JSON.parse(articleSource) as { cells: { cell_type: string }[] };
    const cellCount = source.cells.filter((cell) => cell.cell_type === "code").length;
    expect(cellCount).toBeGreaterThan(3);
    // Every code cell has run when every prompt shows a number.
    await expect
      .poll(
        async () =>
          (await page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt").allInnerTexts()).filter((text) =>
            /\[\d+\]/.test(text),
          ).length,
        { timeout: 240_000, interval: 1000 },
      )
      .toBe(cellCount)
      .catch(async (error) => {
        await page.screenshot({ path: join(projectRoot, "build", "screenshots", "jupyterlab-01-failed.png") });
        throw error;
      });

    const errors = await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").allInnerTexts();
    expect(errors).toEqual([]);
    // The chart drawn by JupyterLab's Plotly renderer: an SVG inside a Plotly plot.
    const plotlyOutputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output.jp-RenderedPlotly");
    await plotlyOutputs.locator("svg.main-svg").first().waitFor({ timeout: 60_000 });
    const chartCount = await plotlyOutputs.count();
    expect(chartCount).toBeGreaterThan(0);
    await expect.poll(() => plotlyOutputs.filter({ has: page.locator("svg.main-svg") }).count(), { timeout: 60_000 }).toBe(chartCount);
    mkdirSync(join(projectRoot, "build", "screenshots"), { recursive: true });
    await page.screenshot({ path: join(projectRoot, "build", "screenshots", "jupyterlab-01.png"), fullPage: false });
    expect(consoleErrors).toEqual([]);
    console.log(`JupyterLab up and article 01 run in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

    // A notebook with chart outputs made elsewhere is not trusted: its chart is drawn all the same, by
    // the Plotly renderer (JupyterLab would refuse to run the HTML fallback's script there).
    const untrustedPath = join(projectRoot, "build", "untrusted-chart.ipynb");
    const figure = { data: [{ type: "bar", x: ["dense", "RNN"], y: [4_000_000, 200_110] }], layout: { title: { text: "untrusted" } } };
    writeFileSync(
      untrustedPath,
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
        cells: [{ id: "chart", cell_type: "code", source: "show(figure)", metadata: {}, execution_count: 1, outputs: [{ output_type: "display_data", data: chartBundle(figure), metadata: {} }] }],
      }),
    );
    await page.goto(address.replace("/lab/tree/notebooks?", "/lab/tree/build/untrusted-chart.ipynb?"));
    const untrustedChart = page.locator(".jp-NotebookPanel .jp-RenderedPlotly svg.main-svg");
    await untrustedChart.first().waitFor({ timeout: 60_000 });
    expect(await page.locator(".jp-NotebookPanel .jp-RenderedPlotly .xtick").allTextContents()).toEqual(["dense", "RNN"]);
    expect(await page.locator(".jp-NotebookPanel .jp-OutputArea-output.jp-mod-trusted").count()).toBe(0);

    // Ctrl-C: JupyterLab and the kernel it started are gone, and so is its runtime folder.
    const runtimeRoot = join(stateDir, "runtime");
    const ours = readdirSync(runtimeRoot)
      .map((name) => join(runtimeRoot, name))
      .filter((dir) => statSync(dir).mtimeMs >= startedAt - 1000)
      .filter((dir) =>
        readdirSync(dir).some((file) => file.startsWith("jpserver-") && file.endsWith(".json") && JSON.parse(readFileSync(join(dir, file), "utf8")).port === Number(port)),
      );
    expect(ours).toHaveLength(1);
    expect(processesMentioning(ours[0]!).length).toBeGreaterThanOrEqual(2); // the server and the kernel
    process.kill(-start.pid!, "SIGINT");
    await new Promise((resolve) => start!.once("exit", resolve));
    await expect.poll(() => processesMentioning(ours[0]!).length, { timeout: 15_000 }).toBe(0);
    expect(existsSync(ours[0]!)).toBe(false);
  });
});
