import { beforeAll, describe, expect, it } from "vitest";
import * as index from "#app/routes/_index";
import { setupTestDatabase } from "./setup/database";
import { callRoute } from "./setup/routes";
import { createWorld, type World } from "./setup/world";

// Every kind of account lands on the page where its work is, not on "you are not a member".
setupTestDatabase();

let world: World;
beforeAll(async () => {
  world = await createWorld();
});

describe("the home page of each role", () => {
  it.each([
    ["admin", "/admin"],
    ["reviewer", "/review"],
    ["funder", "/funder"],
    ["researcher", "/research"],
  ] as const)("sends a %s to %s", async (role, home) => {
    const page = await callRoute(index, { path: "/", cookie: world.cookies[role] });
    expect(page.status).toBe(302);
    expect(page.location).toBe(home);
  });

  it("sends a member of one organisation to it, and shows the welcome to a visitor", async () => {
    const owner = await callRoute(index, { path: "/", cookie: world.cookies.owner });
    expect(owner.location).toBe(`/o/${world.orgA}`);
    const visitor = await callRoute(index, { path: "/" });
    expect(visitor.status).toBe(200);
    expect(visitor.data.user).toBeNull();
  });
});
