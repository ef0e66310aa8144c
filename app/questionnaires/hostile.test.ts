/**
 * Definitions built to break the checker: each gets a clear error with its file and line (or
 * loads), never an exception, a stack overflow or an exhausted memory.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniDefinitionObject, t } from "#app/scoring/testing/mini-definition";
import { scoreAssessment } from "#app/scoring/index";
import { loadDefinitionFile } from "./files";
import { loadDefinitionText } from "./load";
const MAX_DEFINITION_BYTES = 5_000_000;

const indicator = (code: string, formula: string) => ({
  code,
  axis: "equity",
  label: t(code),
  unit: "count",
  formula,
  rule: { kind: "linear", from: 0, to: 10 },
});

/** A chain ZZ_0 <- ZZ_1 <- ... where each indicator reads the next one (worst case for a depth-first walk). */
function chain(n: number, last: string) {
  const d = miniDefinitionObject();
  for (let i = 0; i < n; i++) d.indicators.push(indicator(`ZZ_${i}`, i === n - 1 ? last : `ZZ_${i + 1} + 1`));
  return d;
}

const aliasBomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
  .concat(
    "bcdefghi".split("").map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
  )
  .join("\n");

function onlyError(text: string, file = "hostile.yaml") {
  const r = loadDefinitionText(text, file);
  expect(r.ok).toBe(false);
  expect(r.errors).toHaveLength(1);
  const [e] = r.errors;
  expect(e.file).toBe(file);
  expect(e.line).toBeGreaterThan(0);
  return e;
}

describe("the checker never crashes", () => {
  it("a formula of 4,000 + terms (under the length limit) is refused with its line, and sum() takes them", () => {
    const d = miniDefinitionObject();
    const terms = Array.from({ length: 4000 }, () => "1");
    d.indicators[0].formula = terms.join("+");
    expect(d.indicators[0].formula.length).toBeLessThan(10_000);
    const e = onlyError(stringify(d));
    expect(e.path).toBe("indicators[0].formula");
    expect(e.message).toContain("expression too deep");
    expect(e.message).toContain("sum(");

    d.indicators[0].formula = `sum(${terms.join(",")})`;
    expect(loadDefinitionText(stringify(d), "hostile.yaml").errors).toEqual([]);
  });

  it("deep nesting of every kind of operation is refused, not overflowed", () => {
    for (const formula of [
      Array(3000).fill("-").join("") + "workers",
      Array(3000).fill("not").join(" ") + " true",
      "workers" + " * 1".repeat(2400),
    ]) {
      const d = miniDefinitionObject();
      d.indicators[4].formula = formula;
      const r = loadDefinitionText(stringify(d), "hostile.yaml");
      expect(r.ok).toBe(false);
      expect(r.errors[0].path).toBe("indicators[4].formula");
    }
  });

  it("a chain of 10,000 indicators loads and scores (no recursion over the chain)", () => {
    const r = loadDefinitionText(stringify(chain(10_000, "workers")), "hostile.yaml");
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    const result = scoreAssessment(r.compiled!, { workers: 3 });
    expect(result.indicators.find((i) => i.code === "ZZ_0")?.value).toBe(3 + 9999);
  });

  it("a cycle through 10,000 indicators is reported with its line", () => {
    const r = loadDefinitionText(stringify(chain(10_000, "ZZ_0 + 1")), "hostile.yaml");
    expect(r.ok).toBe(false);
    const cycle = r.errors.find((e) => e.message.startsWith("indicators form a cycle"));
    expect(cycle?.line).toBeGreaterThan(0);
  });

  it("a YAML alias bomb is refused with the line of its first alias", () => {
    const e = onlyError(aliasBomb);
    expect(e.message).toContain("alias");
    expect(e.line).toBe(2);
  });

  it("a literal too large for a number (309 digits) is refused: no Infinity in a result", () => {
    const d = miniDefinitionObject();
    d.indicators[0].formula = "9".repeat(309);
    const e = onlyError(stringify(d));
    expect(e.path).toBe("indicators[0].formula");
    expect(e.message).toContain("number too large");
  });

  it("an infinite number in a rule is refused", () => {
    const d = miniDefinitionObject();
    const text = stringify(d).replace(/to: 50\n/, "to: .inf\n");
    expect(text).toContain(".inf");
    const r = loadDefinitionText(text, "hostile.yaml");
    expect(r.ok).toBe(false);
    expect(r.errors[0].line).toBeGreaterThan(0);
  });

  it("a text longer than the limit is refused before it is parsed", () => {
    const e = onlyError("#".repeat(MAX_DEFINITION_BYTES + 1));
    expect(e.message).toContain("at most");
  });
});

describe("indicators:check on hostile files", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bilan-hostile-"));
    const put = async (name: string, version: string, text: string) => {
      await mkdir(join(dir, name), { recursive: true });
      await writeFile(join(dir, name, `${version}.yaml`), text.replace("questionnaire: mini", `questionnaire: ${name}`).replace('version: "2025.1"', `version: "${version}"`));
    };
    const plus = miniDefinitionObject();
    plus.indicators[0].formula = Array(4000).fill("1").join("+");
    await put("plus", "2025.1", stringify(plus));
    await put("chain", "2025.1", stringify(chain(10_000, "workers")));
    await put("bomb", "2025.1", aliasBomb);
    const inf = miniDefinitionObject();
    inf.indicators[0].formula = "9".repeat(309);
    await put("infinite", "2025.1", stringify(inf));
    // 200 MB without writing them: a sparse file
    await mkdir(join(dir, "huge"));
    const huge = await open(join(dir, "huge", "2025.1.yaml"), "w");
    await huge.truncate(200 * 1024 * 1024);
    await huge.close();
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("a 200 MB file is refused without being read", async () => {
    const r = await loadDefinitionFile(join(dir, "huge", "2025.1.yaml"));
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ line: 1, message: expect.stringContaining("209.7 MB") });
  });

  it("exits 1 with one file:line message per hostile file and no stack trace", async () => {
    const run = promisify(execFile);
    const out = await run("npx", ["tsx", "app/cli/indicators-check.ts", dir], { maxBuffer: 1 << 24 }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(out, "indicators:check should fail on these files").not.toBeNull();
    expect(out!.code).toBe(1);
    expect(out!.stderr).not.toMatch(/\n\s+at /);
    for (const name of ["plus", "bomb", "infinite", "huge"]) {
      expect(out!.stderr).toMatch(new RegExp(`${name}/2025\\.1\\.yaml:\\d+: `));
    }
    expect(out!.stdout).toMatch(/ok .*chain\/2025\.1\.yaml: chain 2025\.1, 10 questions, 10006 indicators/);
    expect(out!.stderr).toContain("4 errors");
  }, 120_000);
});
