import { describe, expect, it } from "vitest";
import { redirectField, safeRedirectPath } from "./safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps paths of this site, normalised", () => {
    expect(safeRedirectPath("/o/abc/members?x=1#top")).toBe("/o/abc/members?x=1#top");
    expect(safeRedirectPath("/a/../b")).toBe("/b");
    expect(safeRedirectPath("/%09/evil.example/x")).toBe("/%09/evil.example/x"); // an encoded tab stays a path
  });

  it.each([
    ["a tab after the slash", "/\t/evil.example/x"],
    ["a line break", "/\n/evil.example"],
    ["CR LF (header injection)", "/ok\r\nSet-Cookie: a=b"],
    ["a vertical tab", "/\u000b/evil.example"],
    ["a C1 control", "/\u0085/evil.example"],
    ["a NUL", "/\u0000"],
    ["a backslash", "/\\evil.example"],
    ["two backslashes", "\\\\evil.example"],
    ["protocol-relative", "//evil.example/x"],
    ["dot segments up to //", "/..//evil.example"],
    ["an absolute URL", "https://evil.example/x"],
    ["a scheme", "javascript:alert(1)"],
    ["a relative path", "evil.example"],
    ["not a string", 42],
  ])("refuses %s", (_, value) => {
    expect(safeRedirectPath(value)).toBe("/");
    expect(safeRedirectPath(value, "/home")).toBe("/home");
  });

  it("gives forms a redirectTo field that refuses control characters with a message key", () => {
    expect(redirectField.safeParse("/o/x").success).toBe(true);
    for (const bad of ["/x\ry", "/x\ny", "/x\u000by"]) {
      const parsed = redirectField.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toBe("common.request.badRedirect");
    }
  });
});
