import { count } from "drizzle-orm";
import { getDb } from "#db/client";
import { funders, memberships, organisations, users, type AccountKind, type OrganisationRole } from "#db/schema/index";
import { onStartup } from "#app/startup.server";
import { getEnv } from "#app/utils/env.server";
import { hashPassword } from "#app/utils/password.server";
import { sizeBandFor } from "#app/utils/taxonomies";
import { getTaxonomies } from "#app/utils/taxonomies.server";
import { log } from "#app/utils/log.server";

export const DEMO_PASSWORD = "bilan-demo-2026";

export interface DemoOrganisation {
  key: string;
  name: string;
  legalForm: string;
  sector: string;
  region: string;
  headcount: number;
  members: Array<{ email: string; name: string; role: OrganisationRole }>;
}

export const demoOrganisations: DemoOrganisation[] = [
  {
    key: "teixidores",
    name: "Cooperativa Les Teixidores",
    legalForm: "worker_cooperative",
    sector: "textile",
    region: "barcelona",
    headcount: 14,
    members: [
      { email: "owner@teixidores.example", name: "Núria Puig", role: "owner" },
      { email: "editor@teixidores.example", name: "Jordi Vila", role: "editor" },
      { email: "viewer@teixidores.example", name: "Marta Soler", role: "viewer" },
    ],
  },
  {
    key: "horta",
    name: "Associació L'Horta Viva",
    legalForm: "association",
    sector: "food",
    region: "girona",
    headcount: 4,
    members: [
      { email: "owner@hortaviva.example", name: "Pau Ferrer", role: "owner" },
      { email: "editor@hortaviva.example", name: "Laia Roca", role: "editor" },
    ],
  },
  {
    key: "energia",
    name: "Energia Comuna SCCL",
    legalForm: "consumer_cooperative",
    sector: "energy",
    region: "tarragona",
    headcount: 32,
    members: [{ email: "owner@energiacomuna.example", name: "Anna Mas", role: "owner" }],
  },
];

export const demoAccounts: Array<{ email: string; name: string; kind: AccountKind; note: string }> = [
  { email: "admin@bilan.example", name: "Carme Admin", kind: "admin", note: "network admin" },
  { email: "reviewer@bilan.example", name: "Oriol Reviewer", kind: "reviewer", note: "network reviewer" },
  { email: "funder@fundacio.example", name: "Fundació Solidària", kind: "funder", note: "funder" },
  { email: "researcher@uni.example", name: "Dr. Elena Recerca", kind: "researcher", note: "researcher" },
];

type DemoStep = (ids: DemoIds) => Promise<void>;
export interface DemoIds {
  organisations: Record<string, string>;
  users: Record<string, string>;
  funderId: string;
}
const steps: DemoStep[] = [];
/** Later features (campaigns, assessments, shares) add their demo data here. */
export function onDemoSeed(step: DemoStep) {
  steps.push(step);
}

export async function databaseIsEmpty() {
  const db = await getDb();
  const [row] = await db.select({ n: count() }).from(users);
  return row.n === 0;
}

/** Creates the demo network. Returns the sign-in details to print. */
export async function seedDemo(): Promise<string[]> {
  const db = await getDb();
  const taxonomies = getTaxonomies();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: DemoIds = { organisations: {}, users: {}, funderId: "" };
  const [funder] = await db.insert(funders).values({ name: "Fundació Solidària" }).returning({ id: funders.id });
  ids.funderId = funder.id;
  for (const account of demoAccounts) {
    const [user] = await db
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        kind: account.kind,
        passwordHash,
        funderId: account.kind === "funder" ? funder.id : null,
      })
      .returning({ id: users.id });
    ids.users[account.email] = user.id;
  }
  for (const org of demoOrganisations) {
    const [row] = await db
      .insert(organisations)
      .values({
        name: org.name,
        legalForm: org.legalForm,
        sector: org.sector,
        region: org.region,
        headcount: org.headcount,
        sizeBand: sizeBandFor(taxonomies, org.headcount),
      })
      .returning({ id: organisations.id });
    ids.organisations[org.key] = row.id;
    for (const member of org.members) {
      const [user] = await db
        .insert(users)
        .values({ email: member.email, name: member.name, passwordHash })
        .returning({ id: users.id });
      ids.users[member.email] = user.id;
      await db.insert(memberships).values({ userId: user.id, organisationId: row.id, role: member.role });
    }
  }
  for (const step of steps) await step(ids);
  return [
    ...demoAccounts.map((a) => `  ${a.note.padEnd(18)} ${a.email}`),
    ...demoOrganisations.flatMap((o) => o.members.map((m) => `  ${(m.role + " of " + o.name).slice(0, 40).padEnd(18)} ${m.email}`)),
    `  password for every demo account: ${DEMO_PASSWORD}`,
  ];
}

onStartup("demo data", async () => {
  if (!getEnv().DEMO_DATA || !(await databaseIsEmpty())) return;
  const lines = await seedDemo();
  log.info(`Bilan: demo network created. Sign in at ${getEnv().PUBLIC_URL}/signin with:\n${lines.join("\n")}`);
});
