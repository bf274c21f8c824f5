import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { multiply } from "mathjs";
import { describe, expect, it } from "vitest";
import { column, fromRows, numberMatrix, rowsOf, zerosMatrix } from "../../src/index";

const root = join(__dirname, "..", "..");

describe("numberMatrix and fromRows", () => {
  it("make dense number matrices that mathjs computes with", () => {
    const m = numberMatrix(2, 3, (i, j) => i + j);
    expect(m.size()).toEqual([2, 3]);
    expect(m.datatype()).toBe("number");
    expect(rowsOf(m)).toEqual([[0, 1, 2], [1, 2, 3]]);
    expect(rowsOf(multiply(m, column([1, 0, -1])) as typeof m)).toEqual([[-2], [-2]]);
    expect(zerosMatrix(0, 4).size()).toEqual([0, 4]);
  });

  it("fromRows copies the rows: changing the source leaves the matrix alone", () => {
    const source = [[1.5, 2], [3, 4]];
    const m = fromRows(source);
    source[0][0] = 99;
    expect(rowsOf(m)).toEqual([[1.5, 2], [3, 4]]);
  });

  it("store every row of three trained models' weights, gradients and states as packed doubles (V8), unlike mathjs's matrix()", () => {
    // A loop that meets two storage kinds of rows is compiled for both: a second model in a notebook once
    // made every training step about 2× slower. The child process asks V8 itself (--allow-natives-syntax).
    const out = execFileSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", join(root, "test", "fixtures", "row-storage.ts")], { cwd: root, encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual(["mathjs.zeros"]); // only the control, made by mathjs, is caught
  });
});
