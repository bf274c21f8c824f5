// The static site, built from real executed notebooks (runner, Jupyter server, tslab kernel: the run the
// notebooks test shares, test/helpers/executed-notebooks.ts) and opened from file:// in headless Chromium
// with every request outside the site's own files blocked. Screenshots at 1280 px and 375 px go to
// build/screenshots/ for review.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLOTLY_MIME } from "../../kernel/display";
import { regionLines, removeHiddenTests } from "../../kernel/coursework/markers";
import { studentVersion } from "../../kernel/coursework/release";
import { executeNotebookFiles, findNotebooks } from "../../kernel/execute";
import { projectRoot, pythonPath } from "../../kernel/jupyter-env";
import { readNotebook, sourceText, type Notebook } from "../../kernel/runner";
import { binderUrl, buildSite, SITE_MARKER, type BuiltSite } from "../../kernel/site/build";
import { launchOptions } from "../helpers/browser";
import { executedArticles } from "../helpers/executed-notebooks";

// @jupyterlab/services logs every WebSocket it opens with console.debug: keep the test report readable.
console.debug = () => undefined;

const HOSTILE = "</script><img src=x onerror=alert(1)>";
const workDir = join(projectRoot, "build", "site-test");
const fixture = join(projectRoot, "test", "fixtures", "hostile.ipynb");
const notebooks = [...findNotebooks([]), fixture];
const slugs = notebooks.map((path) => basename(path, ".ipynb"));
const pages = ["index", ...slugs, "playground"];
const out = join(workDir, "site");
const screenshots = join(projectRoot, "build", "screenshots");
const MB = 1024 * 1024;

/** Math fragments in Markdown ($…$, $$…$$, \(…\), \[…\]), not counting code spans and fenced code. */
function mathFragments(markdown: string): number {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return (prose.match(/\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]|\\\([\s\S]+?\\\)|(?<!\\)\$[^$\n]+?(?<!\\)\$/g) ?? []).length;
}

function markdownOf(slug: string): string[] {
  return readNotebook(notebooks[slugs.indexOf(slug)]!)
    .cells.filter((cell) => cell.cell_type === "markdown")
    .map(sourceText);
}

function chartOutputs(executedPath: string): number {
  return readNotebook(executedPath)
    .cells.flatMap((cell) => cell.outputs ?? [])
    .filter((output) => PLOTLY_MIME in ((output["data"] as Record<string, unknown> | undefined) ?? {})).length;
}

interface Visit {
  page: Page;
  consoleErrors: string[];
  blocked: string[];
  dialogs: string[];
  close(): Promise<void>;
}

let site: BuiltSite;
let browser: Browser;

/**
 * Opens a page of the site at `width` px, watching console errors, dialogs and requests: any request
 * outside `base` (default: the site's folder, from file://) is blocked and counted.
 */
async function visit(name: string, width: number, base = `${pathToFileURL(out).href}/`): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const visit: Visit = { page, consoleErrors: [], blocked: [], dialogs: [], close: () => context.close() };
  // On the context, so that the playground's worker is watched too. A blob: URL (the worker's own
  // script, made in the page) is not a request to anywhere.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("blob:")) return route.continue();
    visit.blocked.push(url);
    return route.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") visit.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => visit.consoleErrors.push(error.message));
  page.on("requestfailed", (request) => visit.consoleErrors.push(`request failed: ${request.url()}`));
  page.on("response", (response) => {
    if (response.status() >= 400) visit.consoleErrors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("dialog", (dialog) => {
    visit.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${base}${name}.html`, { waitUntil: "load" });
  await page.evaluate(() => (window as unknown as { MathJax: { startup: { promise: Promise<void> } } }).MathJax.startup.promise);
  await page.waitForSelector("body[data-charts-fitted]", { state: "attached", timeout: 10_000 }); // site.js is done with the charts
  return visit;
}

const opened = new Map<string, Promise<Visit>>();
/** One visit per page and width, shared by the tests that only read the page (each load parses 7 MB of scripts). */
function visitOnce(name: string, width: number): Promise<Visit> {
  const key = `${name}@${width}`;
  if (!opened.has(key)) opened.set(key, visit(name, width));
  return opened.get(key)!;
}

beforeAll(async () => {
  const { runs } = await executedArticles();
  const [hostile] = await executeNotebookFiles([fixture], { outDir: join(workDir, "executed") });
  site = await buildSite({ notebooks, out, executed: [...runs.map((run) => run.outputPath), hostile!.outputPath] });
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch(launchOptions());
}, 900_000);

afterAll(async () => {
  for (const visit of opened.values()) await (await visit).close();
  await browser?.close();
});

describe("the built site", () => {
  it("has an index, one page per notebook, the student versions for download and one copy of the shared assets", () => {
    expect(site.articles.map((article) => article.slug)).toEqual(slugs);
    for (const slug of slugs) {
      const path = notebooks[slugs.indexOf(slug)]!;
      expect(statSync(join(out, `${slug}.html`)).isFile()).toBe(true);
      // What `npm run release` writes: the same conversion, not a second one.
      const student = studentVersion(readNotebook(path), path.slice(projectRoot.length + 1));
      expect(readFileSync(join(out, "notebooks", `${slug}.ipynb`), "utf8")).toBe(`${JSON.stringify(student, null, 1)}\n`);
    }
    for (const asset of ["plotly-cartesian.min.js", "mathjax/tex-svg-full.js", "unrolled.css", "pygments.css", "site.js", "mathjax-config.js", "playground.js", "playground-worker.js"]) {
      expect(statSync(join(out, "assets", asset)).size, asset).toBeGreaterThan(100);
    }
    expect(existsSync(join(out, "assets", "plotly.min.js")), "the full plotly.js bundle stays out of the site").toBe(false);
  });

  it.each(["index", ...slugs])("%s.html stays under 1 MB without the shared assets", (name) => {
    expect(statSync(join(out, `${name}.html`)).size).toBeLessThan(MB);
  });

  it.each(pages)("%s.html: no console error, no request off the site, math rendered, links resolve", async (name) => {
    const { page, consoleErrors, blocked } = await visitOnce(name, 1280);
    const math = await page.evaluate(() => {
      const prose = document.querySelector("main")!.cloneNode(true) as HTMLElement;
      prose.querySelectorAll("mjx-container, code, pre, .jp-OutputArea, details.unrolled-code").forEach((node) => node.remove());
      return {
        containers: document.querySelectorAll("main mjx-container").length,
        errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
        rawText: prose.textContent ?? "",
      };
    });
    const expected =
      name === "index"
        ? site.articles.reduce((sum, article) => sum + mathFragments(article.summary), 0)
        : name === "playground"
          ? 0
          : markdownOf(name).reduce((sum, markdown) => sum + mathFragments(markdown), 0);
    expect(math.containers).toBe(expected);
    expect(math.errors).toBe(0);
    expect(math.rawText).not.toMatch(/\$|\\\(|\\\[/);

    const links = await page.evaluate(() =>
      Array.from(document.querySelectorAll("a[href], link[href], script[src]")).map((element) => ({
        raw: element.getAttribute("href") ?? element.getAttribute("src")!,
        url: (element as HTMLAnchorElement).href || (element as HTMLScriptElement).src,
        target: (() => {
          const hash = ((element as HTMLAnchorElement).hash ?? "").slice(1);
          // Browsers look a fragment up as written, then percent-decoded.
          return !hash || document.getElementById(hash) !== null || document.getElementById(decodeURIComponent(hash)) !== null;
        })(),
      })),
    );
    const internal = links.filter((link) => link.url.startsWith("file:"));
    expect(internal.length).toBeGreaterThan(3);
    for (const link of internal) {
      expect(link.raw, "links are relative, so the site works under any path").not.toMatch(/^(\/|file:)/);
      expect(existsSync(fileURLToPath(link.url.split("#")[0]!)), link.raw).toBe(true);
      expect(link.target, `${link.raw} names an element of the page`).toBe(true);
    }

    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    await page.screenshot({ path: join(screenshots, `${name}-1280.png`), fullPage: true });
  });

  it.each(slugs)("%s.html draws every chart of its notebook, interactively", async (slug) => {
    const { page, consoleErrors } = await visitOnce(slug, 1280);
    const drawn = await page.evaluate(
      () => Array.from(document.querySelectorAll(".unrolled-chart.js-plotly-plot")).filter((chart) => chart.querySelector("svg.main-svg")).length,
    );
    expect(drawn).toBe(chartOutputs(site.executed[slug]!));
    expect(await page.locator(".unrolled-chart").count()).toBe(drawn);
    expect(consoleErrors).toEqual([]);
  });

  it.each(slugs)("%s.html links to the previous and next articles, the index and its notebook", async (slug) => {
    const i = slugs.indexOf(slug);
    const { page } = await visitOnce(slug, 1280);
    const hrefOf = (selector: string) => page.locator(selector).first().getAttribute("href");
    expect(await page.locator("a[rel=prev]").count()).toBe(i > 0 ? 1 : 0);
    expect(await page.locator("a[rel=next]").count()).toBe(i < slugs.length - 1 ? 1 : 0);
    if (i > 0) expect(await hrefOf("a[rel=prev]")).toBe(`${slugs[i - 1]}.html`);
    if (i < slugs.length - 1) expect(await hrefOf("a[rel=next]")).toBe(`${slugs[i + 1]}.html`);
    expect(await hrefOf(".site-title")).toBe("index.html");
    expect(await hrefOf("a.download")).toBe(`notebooks/${slug}.ipynb`);
  });

  it.each(pages)("%s.html reads at 375 px: nothing wider than the screen", async (name) => {
    const { page, consoleErrors } = await visitOnce(name, 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // Plotly never wraps a title; site.js does, so that no chart title runs off its chart.
    const titlesOff = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".js-plotly-plot")).flatMap((chart) => {
        const box = chart.getBoundingClientRect();
        return Array.from(chart.querySelectorAll(".gtitle"))
          .filter((title) => {
            const drawn = title.getBoundingClientRect();
            return drawn.top < box.top || drawn.left < box.left || drawn.right > box.right;
          })
          .map((title) => title.textContent);
      }),
    );
    expect(titlesOff).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: join(screenshots, `${name}-375.png`), fullPage: true });
  });

  it("lists every article on the index with its title and summary, in order", async () => {
    const { page } = await visitOnce("index", 1280);
    const entries = await page.locator("ol.articles > li > a").evaluateAll((links) =>
      links.map((link) => ({ href: link.getAttribute("href"), title: link.textContent })),
    );
    expect(entries).toEqual(site.articles.map((article) => ({ href: `${article.slug}.html`, title: article.title })));
    expect(site.articles.every((article) => article.title.length > 0 && article.summary.length > 0)).toBe(true);
  });
});

/** Text as a reader gets it: tags dropped, entities decoded (pygments splits code into many spans). */
function textOfHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Every file of the site as text a reader could see: pages as text, notebooks as their cells, scripts as they are. */
function siteTexts(folder: string): { file: string; text: string }[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(html|ipynb|js|css|json)$/.test(entry.name))
    .map((entry) => {
      const file = join(entry.parentPath, entry.name);
      const raw = readFileSync(file, "utf8");
      if (file.endsWith(".html")) return { file, text: textOfHtml(raw) };
      if (file.endsWith(".ipynb")) return { file, text: (JSON.parse(raw) as Notebook).cells.map(sourceText).join("\n") };
      return { file, text: raw };
    });
}

const articles = notebooks.filter((path) => path !== fixture);
const solutionCells = (path: string) => readNotebook(path).cells.filter((cell) => (cell.metadata["nbgrader"] as { solution?: boolean } | undefined)?.solution);

describe("exercises on the site", () => {
  it("no hidden-test line of any instructor notebook appears anywhere on the site, pages or downloads", () => {
    // Lines that only hidden tests have (not "}" or a line the visible checks share).
    const hidden = articles.flatMap((path) => {
      const cells = readNotebook(path).cells;
      const visible = new Set(cells.flatMap((cell) => removeHiddenTests(sourceText(cell)).split("\n").map((line) => line.trim())));
      return cells.flatMap((cell) => regionLines(cell, "hidden tests")).map((line) => line.trim()).filter((line) => line.length >= 12 && !visible.has(line));
    });
    expect(hidden.length, "the instructor notebooks have hidden tests to look for").toBeGreaterThan(20);
    // The search finds them where they are: in the instructor notebooks themselves.
    const instructor = articles.map((path) => readNotebook(path).cells.map(sourceText).join("\n")).join("\n");
    expect(hidden.filter((line) => !instructor.includes(line))).toEqual([]);
    const found = siteTexts(out).flatMap(({ file, text }) => hidden.filter((line) => text.includes(line)).map((line) => `${file}: ${line}`));
    expect(found).toEqual([]);
  });

  it.each(articles.filter((path) => solutionCells(path).length > 0).map((path) => basename(path, ".ipynb")))(
    "%s.html shows each task and its public checks, the solution folded under Show solution",
    async (slug) => {
      const path = notebooks[slugs.indexOf(slug)]!;
      const { page } = await visitOnce(slug, 1280);
      const solutions = solutionCells(path);
      const exercises = page.locator(".unrolled-exercise");
      expect(await exercises.count()).toBe(solutions.length);
      expect(await page.locator("details.unrolled-solution[open]").count()).toBe(0);
      for (let i = 0; i < solutions.length; i++) {
        const exercise = exercises.nth(i);
        expect(await exercise.locator(".unrolled-task").textContent()).toContain("not implemented yet");
        const summary = exercise.locator("details.unrolled-solution > summary");
        expect(await summary.textContent()).toBe("Show solution");
        const firstSolutionLine = regionLines(solutions[i]!, "solution").find((line) => line.trim().length > 8)!.trim();
        const code = exercise.locator("details.unrolled-solution .highlight");
        expect(await code.isVisible(), "folded").toBe(false);
        await summary.click();
        expect(await code.isVisible()).toBe(true);
        expect(await code.textContent()).toContain(firstSolutionLine);
      }
      // The check cells are open, with their public checks (each calls check.expect…).
      const checks = page.locator("details.unrolled-code[open]");
      expect(await checks.count()).toBe(solutions.length);
      for (let i = 0; i < solutions.length; i++) expect(await checks.nth(i).textContent()).toMatch(/check\.expect\w+\(/);
    },
  );
});

describe("explorable figures", () => {
  it("at least three charts with a slider; moving a slider redraws its chart with that state's data", async () => {
    let sliders = 0;
    for (const slug of slugs) {
      const { page, consoleErrors } = await visitOnce(slug, 1280);
      const charts = page.locator(".unrolled-chart:has(.slider-container)");
      const count = await charts.count();
      sliders += count;
      for (let i = 0; i < count; i++) {
        const chart = charts.nth(i);
        await chart.scrollIntoViewIfNeeded();
        type Drawn = { data: { y: number[] }[]; layout: { sliders: { active: number; steps: { args: [{ y: number[][] }] }[] }[] } };
        const state = () => chart.evaluate((element) => {
          const figure = element as unknown as Drawn;
          const paths = Array.from(element.querySelectorAll(".trace")).map((trace) => trace.innerHTML).join("");
          return { active: figure.layout.sliders[0]!.active, y: figure.data[figure.data.length - 1]!.y, paths, steps: figure.layout.sliders[0]!.steps.map((step) => step.args[0].y[0]) };
        });
        const before = await state();
        const last = before.steps.length - 1;
        expect(before.active).not.toBe(last);
        expect(before.y).toEqual(before.steps[before.active]);
        // Drag the slider's grip to the right end of its rail.
        const rail = (await chart.locator(".slider-rail-rect").boundingBox())!;
        const grip = (await chart.locator(".slider-grip-rect").boundingBox())!;
        await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
        await page.mouse.down();
        await page.mouse.move(rail.x + rail.width - 2, grip.y + grip.height / 2, { steps: 8 });
        await page.mouse.up();
        await page.waitForFunction((element) => (element as unknown as Drawn).layout.sliders[0]!.active !== undefined, await chart.elementHandle());
        const after = await state();
        expect(after.active, `${slug}, slider ${i + 1}`).toBe(last);
        expect(after.y).toEqual(before.steps[last]);
        expect(after.paths, "the drawn traces changed").not.toBe(before.paths);
      }
      expect(consoleErrors).toEqual([]);
    }
    expect(sliders).toBeGreaterThanOrEqual(3);
  });
});

describe("book navigation", () => {
  it.each(pages)("%s.html has the contents sidebar, every chart a text alternative", async (name) => {
    const { page } = await visitOnce(name, 1280);
    const entries = await page.locator("nav.site-contents a").evaluateAll((links) =>
      links.map((link) => ({ href: link.getAttribute("href"), current: link.getAttribute("aria-current") === "page" })),
    );
    expect(entries.map((entry) => entry.href)).toEqual([...slugs.map((slug) => `${slug}.html`), "playground.html"]);
    expect(entries.filter((entry) => entry.current).map((entry) => entry.href)).toEqual(name === "index" ? [] : [`${name}.html`]);
    const alternatives = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".unrolled-chart")).map((chart) => {
        const before = chart.previousElementSibling;
        const title = (chart as unknown as { layout?: { title?: { text?: string } } }).layout?.title?.text ?? "";
        return { alt: before?.classList.contains("unrolled-chart-alt") ? (before.textContent ?? "") : "", title: title.replace(/<br>/g, " ") };
      }),
    );
    for (const { alt, title } of alternatives) {
      expect(alt).toMatch(/^Chart: .+\. \S.+\.$/);
      const plain = title.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
      expect(alt.replace(/\s+/g, " "), "the alternative names the chart's title").toContain(plain);
    }
  });

  it("follows the reader's dark-mode setting, and prints without the navigation and the folded code", async () => {
    const { page, close } = await visit(slugs[0]!, 1280);
    try {
      const look = () =>
        page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.body).color,
          sidebar: getComputedStyle(document.querySelector(".site-contents")!).display,
          code: getComputedStyle(document.querySelector("details.unrolled-code")!).display,
        }));
      await page.emulateMedia({ colorScheme: "light" });
      expect(await look()).toMatchObject({ background: "rgb(255, 255, 255)", text: "rgb(31, 35, 40)" });
      await page.emulateMedia({ colorScheme: "dark" });
      expect(await look()).toMatchObject({ background: "rgb(13, 17, 23)", text: "rgb(230, 237, 243)" });
      await page.emulateMedia({ media: "print", colorScheme: "light" });
      expect(await look()).toMatchObject({ sidebar: "none", code: "none" });
    } finally {
      await close();
    }
  });

  it("links each article to Binder when the build is given the repository, and not otherwise", async () => {
    const { page } = await visitOnce(slugs[0]!, 1280);
    expect(await page.locator("a.binder").count()).toBe(0);
    const withRepo = join(workDir, "binder-site");
    await buildSite({ notebooks: [fixture], executed: [site.executed["hostile"]!], out: withRepo, repository: "https://github.com/owner/unrolled" });
    const html = readFileSync(join(withRepo, "hostile.html"), "utf8");
    expect(html).toContain(`<a class="binder" href="https://mybinder.org/v2/gh/owner/unrolled/HEAD?labpath=test%2Ffixtures%2Fhostile.ipynb">Launch on Binder</a>`);
    expect(binderUrl("https://gitlab.com/owner/unrolled.git", "notebooks/01-x.ipynb")).toBe(
      "https://mybinder.org/v2/git/https%3A%2F%2Fgitlab.com%2Fowner%2Funrolled.git/HEAD?labpath=notebooks%2F01-x.ipynb",
    );
    await expect(buildSite({ notebooks: [fixture], executed: [site.executed["hostile"]!], out: withRepo, repository: "owner/unrolled" })).rejects.toThrow(
      '--repo expects the repository\'s https address (e.g. https://github.com/owner/unrolled), got "owner/unrolled".',
    );
  });
});

describe("the playground", () => {
  it("trains in the page from file://: within 30 s of Train the step count grows and the loss falls by at least 20 %", async () => {
    const { page, consoleErrors, blocked, close } = await visit("playground", 1280);
    try {
      await page.waitForSelector("#playground-train:not([disabled])", { timeout: 20_000 });
      expect(await page.locator("#playground-kind option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toContain("rnn");
      expect((await page.inputValue("#playground-text")).split("\n").length).toBeGreaterThan(100); // the sonnets, from the library
      const status = async () => {
        const match = /^step (\d+) · loss (\d+\.\d+)/.exec((await page.textContent("#playground-status")) ?? "");
        return match ? { step: Number(match[1]), loss: Number(match[2]) } : null;
      };
      const clicked = Date.now();
      await page.click("#playground-train");
      await page.waitForFunction(() => /^step [1-9]\d* · loss/.test(document.getElementById("playground-status")!.textContent ?? ""), null, { timeout: 10_000 });
      const first = (await status())!;
      const logV = Number(/log V = (\d+\.\d+)/.exec((await page.textContent("#playground-info")) ?? "")![1]);
      let belowLogV = first.loss < logV ? (Date.now() - clicked) / 1000 : NaN; // a measurement for the notes, not a check
      let latest = first;
      const chartPoints = () => page.locator("#playground-chart").evaluate((chart) => (chart as unknown as { data: { x: number[] }[] }).data[0]?.x.length ?? 0);
      const samples = () => page.locator("#playground-samples li").count();
      // Training can get there in under a second: wait, too, for the chart and a sample to follow it.
      while (Date.now() - clicked < 30_000 && !(latest.step > first.step && latest.loss <= 0.8 * first.loss && belowLogV >= 0 && (await chartPoints()) > 5 && (await samples()) > 0)) {
        await page.waitForTimeout(100);
        latest = (await status()) ?? latest;
        if (Number.isNaN(belowLogV) && latest.loss < logV) belowLogV = (Date.now() - clicked) / 1000;
      }
      console.log(`playground: first report step ${first.step}, loss ${first.loss} (log V = ${logV}, below it after ${belowLogV} s); ` +
        `step ${latest.step}, loss ${latest.loss} after ${((Date.now() - clicked) / 1000).toFixed(1)} s`);
      expect(latest.step).toBeGreaterThan(first.step);
      expect(latest.loss).toBeLessThanOrEqual(0.8 * first.loss);
      // The chart follows the status, and samples arrive.
      expect(await chartPoints()).toBeGreaterThan(5);
      expect(await samples()).toBeGreaterThan(0);
      await page.click("#playground-stop");
      expect(consoleErrors).toEqual([]);
      expect(blocked).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("text from a notebook shows as text", () => {
  it("the hostile fixture's token is printed, titled and charted literally, and runs nothing", async () => {
    const { page, dialogs, consoleErrors, close } = await visit("hostile", 1280);
    try {
      // Hover the second point of the first chart (x 2, y 1.1): Plotly answers with a hover label.
      const chart = page.locator(".unrolled-chart").first();
      await chart.scrollIntoViewIfNeeded();
      const point = (await chart.locator("path.point").nth(1).boundingBox())!;
      await page.mouse.move(point.x + point.width / 2 + 8, point.y + point.height / 2);
      await page.mouse.move(point.x + point.width / 2, point.y + point.height / 2);
      await page.waitForSelector(".unrolled-chart .hoverlayer .hovertext", { timeout: 5000 });
      const seen = await page.evaluate(() => ({
        images: document.querySelectorAll("img").length,
        outputs: Array.from(document.querySelectorAll(".jp-RenderedText pre")).map((pre) => pre.textContent),
        heading: document.querySelector("main h1")?.textContent,
        firstCodeLine: document.querySelector(".code-first-line")?.textContent,
        title: document.title,
        chartTitles: Array.from(document.querySelectorAll(".unrolled-chart .gtitle")).map((title) => title.textContent),
        legend: document.querySelector(".unrolled-chart .legendtext")?.textContent,
        hover: document.querySelector(".unrolled-chart .hoverlayer")?.textContent ?? "",
      }));
      expect(dialogs).toEqual([]);
      expect(seen.images).toBe(0);
      expect(seen.outputs).toEqual([`a token from the data: ${HOSTILE}\n${HOSTILE}\n`]);
      expect(seen.heading).toContain(`Hostile text: ${HOSTILE}`);
      expect(seen.firstCodeLine).toBe(`const token = "${HOSTILE}";`);
      expect(seen.title).toBe(`Hostile text: ${HOSTILE} · Unrolled`);
      expect(seen.chartTitles[0]).toBe(HOSTILE);
      expect(seen.legend).toBe(HOSTILE);
      expect(seen.hover).toContain("1.1");

      // Dragging across the middle 40 % of the plot zooms the x axis (data from 1 to 3) to that stretch.
      const area = (await chart.locator(".nsewdrag").first().boundingBox())!;
      await page.mouse.move(area.x + area.width * 0.3, area.y + area.height / 2);
      await page.mouse.down();
      await page.mouse.move(area.x + area.width * 0.7, area.y + area.height / 2, { steps: 5 });
      await page.mouse.up();
      const range = await chart.evaluate((element) => (element as unknown as { layout: { xaxis: { range?: number[] } } }).layout.xaxis.range);
      expect(range).toHaveLength(2);
      expect(range![1]! - range![0]!).toBeGreaterThan(0.5);
      expect(range![1]! - range![0]!).toBeLessThan(1.2);

      // Code cells start folded; the header's button opens them all.
      const folded = () => page.locator("details.unrolled-code:not([open])").count();
      expect(await folded()).toBe(await page.locator("details.unrolled-code").count());
      await page.locator(".code-toggle").click();
      expect(await folded()).toBe(0);
      expect(await page.locator(".code-toggle").textContent()).toBe("Fold all code");
      expect(consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("the index lists the hostile title as text", async () => {
    const { page, dialogs, close } = await visit("index", 1280);
    try {
      expect(await page.locator('ol.articles a[href="hostile.html"]').textContent()).toBe(`Hostile text: ${HOSTILE}`);
      expect(await page.locator("img").count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("served by a static web server", () => {
  it("works under a sub-path: every page loads its stylesheet, MathJax and plotly.js, and draws its charts", async () => {
    const prefix = "/courses/rnn/unrolled/";
    const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".ipynb": "application/json" };
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      const file = resolve(out, path.slice(prefix.length));
      if (!path.startsWith(prefix) || !file.startsWith(out) || !existsSync(file) || !statSync(file).isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${prefix}`;
    try {
      // Every page uses the same template and links: the index and the first article stand for all.
      for (const name of ["index", slugs[0]!]) {
        const { page, consoleErrors, blocked, close } = await visit(name, 1280, base);
        try {
          const drawn = await page.evaluate(() => document.querySelectorAll(".js-plotly-plot svg.main-svg").length > 0);
          expect(drawn, name).toBe(name !== "index" && chartOutputs(site.executed[name]!) > 0);
          expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily), "the stylesheet loaded").toContain("Georgia");
          expect(consoleErrors, name).toEqual([]);
          expect(blocked, name).toEqual([]);
        } finally {
          await close();
        }
      }
    } finally {
      server.close();
    }
  });
});

describe("titles and summaries", () => {
  it("a notebook whose first Markdown cell has no `# Title` stops the build, naming the notebook and what it found", () => {
    const untitled = join(workDir, "untitled.ipynb");
    const notebook = { ...readNotebook(fixture), cells: [{ cell_type: "markdown", id: "a", metadata: {}, source: "Some words first.\n\n# Late title" }] };
    writeFileSync(untitled, JSON.stringify(notebook));
    const plan = {
      out: join(workDir, "untitled-site"),
      course: { title: "Unrolled", tagline: "" },
      articles: [{ executed: untitled, slug: "untitled", source: "notebooks/untitled.ipynb", download: "notebooks/untitled.ipynb" }],
    };
    const result = spawnSync(pythonPath(), [join(projectRoot, "kernel", "site", "render.py")], { input: JSON.stringify(plan), encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("notebooks/untitled.ipynb: the first Markdown cell must start with a `# Title` heading; found 'Some words first.'.");
  });
});

describe("the site folder", () => {
  it("a non-empty folder that is not a built site is refused before anything runs", async () => {
    const folder = join(workDir, "not-a-site");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "notes.txt"), "keep me");
    await expect(buildSite({ notebooks: [fixture], out: folder })).rejects.toThrow(
      `${folder} is not empty and was not built by \`npm run build\` (no ${SITE_MARKER} file): choose another folder.`,
    );
    expect(readFileSync(join(folder, "notes.txt"), "utf8")).toBe("keep me");
  });
});
