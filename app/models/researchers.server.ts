import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/client";
import { researcherApplications, users } from "#db/schema/index";
import type { Locale } from "#app/i18n/locales";
import { audit } from "#app/utils/audit.server";
import { sha256 } from "#app/utils/crypto.server";
import { extendActor } from "#app/utils/guards.server";
import { hashPassword } from "#app/utils/password.server";
import { createSession } from "#app/utils/session.server";
import { passwordProblem, signUpRefusal } from "./accounts.server";
import { getSetting } from "./settings.server";

/** The network's data agreement when staff have not written their own (settings key "data_agreement.text"). */
export const DEFAULT_DATA_AGREEMENT: Record<Locale, string> = {
  en: [
    "1. I use the research releases of the network only for the research project described in my application.",
    "2. I will not try to identify any organisation, alone or by combining a release with other data, and I will report at once any way of doing so that I come across.",
    "3. I will not pass the releases, or my access to them, to anyone else; my API tokens are personal.",
    "4. I cite the network and the release (its id and version) in every publication that uses it.",
    "5. The network may withdraw my access at any time; every download is logged.",
  ].join("\n"),
  fr: [
    "1. J'utilise les diffusions de recherche du réseau uniquement pour le projet de recherche décrit dans ma demande.",
    "2. Je ne chercherai à identifier aucune organisation, seul ou en croisant une diffusion avec d'autres données, et je signalerai aussitôt tout moyen de le faire que je découvrirais.",
    "3. Je ne transmettrai ni les diffusions ni mon accès à personne ; mes jetons d'API sont personnels.",
    "4. Je cite le réseau et la diffusion (son identifiant et sa version) dans toute publication qui l'utilise.",
    "5. Le réseau peut retirer mon accès à tout moment ; chaque téléchargement est journalisé.",
  ].join("\n"),
  ca: [
    "1. Faig servir les publicacions de recerca de la xarxa només per al projecte de recerca descrit a la meva sol·licitud.",
    "2. No intentaré identificar cap organització, ni sol ni combinant una publicació amb altres dades, i comunicaré de seguida qualsevol manera de fer-ho que descobreixi.",
    "3. No cediré les publicacions ni el meu accés a ningú; els meus testimonis d'API són personals.",
    "4. Cito la xarxa i la publicació (el seu identificador i versió) en cada publicació que la faci servir.",
    "5. La xarxa pot retirar el meu accés en qualsevol moment; cada descàrrega queda registrada.",
  ].join("\n"),
  es: [
    "1. Uso las publicaciones de investigación de la red solo para el proyecto de investigación descrito en mi solicitud.",
    "2. No intentaré identificar a ninguna organización, ni solo ni combinando una publicación con otros datos, y comunicaré enseguida cualquier manera de hacerlo que descubra.",
    "3. No cederé las publicaciones ni mi acceso a nadie; mis tokens de API son personales.",
    "4. Cito la red y la publicación (su identificador y versión) en toda publicación que la use.",
    "5. La red puede retirar mi acceso en cualquier momento; cada descarga queda registrada.",
  ].join("\n"),
};

/** The agreement a researcher accepts: the network's text when set, else the default in their language. */
export async function getDataAgreement(locale: Locale): Promise<string> {
  const configured = (await getSetting("data_agreement.text")).trim();
  return configured || DEFAULT_DATA_AGREEMENT[locale];
}

export type ApplicationInput = { institution: string; project: string; purpose: string };

export async function getApplication(userId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: researcherApplications.id,
      institution: researcherApplications.institution,
      project: researcherApplications.project,
      purpose: researcherApplications.purpose,
      status: researcherApplications.status,
      agreedAt: researcherApplications.agreedAt,
      decidedAt: researcherApplications.decidedAt,
      decisionNote: researcherApplications.decisionNote,
    })
    .from(researcherApplications)
    .where(eq(researcherApplications.userId, userId));
  return row ?? null;
}

export async function isApprovedResearcher(userId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: researcherApplications.id })
    .from(researcherApplications)
    .innerJoin(users, eq(users.id, researcherApplications.userId))
    .where(and(eq(researcherApplications.userId, userId), eq(researcherApplications.status, "approved"), eq(users.kind, "researcher")));
  return Boolean(row);
}

// A researcher's approval is a fact of the actor, checked by the permissions table at every request.
extendActor(async (user) => (user.kind === "researcher" ? { researcherApproved: await isApprovedResearcher(user.id) } : {}));

export type ApplyOutcome = { ok: true } | { ok: false; error: string };

/**
 * A signed-in researcher applies, or applies again after a refusal (the application goes back to
 * pending, with the agreement accepted now). An approved application is not changed.
 */
export async function submitApplication({
  userId,
  input,
  agreement,
  ip,
}: {
  userId: string;
  input: ApplicationInput;
  agreement: string;
  ip?: string;
}): Promise<ApplyOutcome> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ kind: users.kind }).from(users).where(eq(users.id, userId));
    if (user?.kind !== "researcher") return { ok: false, error: "research.notResearcher" };
    const [existing] = await tx.select({ status: researcherApplications.status }).from(researcherApplications).where(eq(researcherApplications.userId, userId));
    if (existing?.status === "approved") return { ok: false, error: "research.alreadyApproved" };
    const row = {
      ...input,
      agreementText: agreement,
      agreementSha256: sha256(agreement),
      agreedAt: new Date(),
      status: "pending" as const,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    };
    if (existing) await tx.update(researcherApplications).set(row).where(eq(researcherApplications.userId, userId));
    else await tx.insert(researcherApplications).values({ userId, ...row });
    await audit({ action: "research.applied", actorUserId: userId, targetType: "researcher", targetId: userId, ip, details: { institution: input.institution, agreement: sha256(agreement).slice(0, 16) } }, tx);
    return { ok: true };
  });
}

export type SignUpResearcherOutcome = { ok: true; userId: string; cookie: string } | { ok: false; field: string; error: string };

/** Creates a researcher account with its application, and signs it in. */
export async function signUpResearcher({
  name,
  email,
  password,
  locale,
  input,
  agreement,
  ip,
}: {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  input: ApplicationInput;
  agreement: string;
  ip: string;
}): Promise<SignUpResearcherOutcome> {
  if (passwordProblem(password)) return { ok: false, field: "password", error: "account.passwordCommon" };
  const refused = await signUpRefusal(ip);
  if (refused) return refused;
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const userId = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) return null;
    const [user] = await tx.insert(users).values({ name, email, passwordHash, locale, kind: "researcher" }).returning({ id: users.id });
    await tx.insert(researcherApplications).values({ userId: user.id, ...input, agreementText: agreement, agreementSha256: sha256(agreement) });
    await audit({ action: "auth.sign_up", actorUserId: user.id, ip, details: { kind: "researcher" } }, tx);
    await audit({ action: "research.applied", actorUserId: user.id, targetType: "researcher", targetId: user.id, ip, details: { institution: input.institution } }, tx);
    return user.id;
  });
  if (!userId) return { ok: false, field: "email", error: "account.emailTaken" };
  return { ok: true, userId, cookie: await createSession(userId) };
}

export async function listApplications() {
  const db = await getDb();
  return db
    .select({
      userId: researcherApplications.userId,
      name: users.name,
      email: users.email,
      institution: researcherApplications.institution,
      project: researcherApplications.project,
      purpose: researcherApplications.purpose,
      status: researcherApplications.status,
      agreedAt: researcherApplications.agreedAt,
      decidedAt: researcherApplications.decidedAt,
      decisionNote: researcherApplications.decisionNote,
      createdAt: researcherApplications.createdAt,
    })
    .from(researcherApplications)
    .innerJoin(users, eq(users.id, researcherApplications.userId))
    .orderBy(desc(researcherApplications.createdAt));
}

/** Staff approve or refuse (approval can also be withdrawn by refusing later); logged. */
export async function decideApplication({
  userId,
  decision,
  note,
  actorUserId,
  ip,
}: {
  userId: string;
  decision: "approved" | "refused";
  note: string | null;
  actorUserId: string;
  ip?: string;
}): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(researcherApplications)
      .set({ status: decision, decidedBy: actorUserId, decidedAt: new Date(), decisionNote: note })
      .where(eq(researcherApplications.userId, userId))
      .returning({ id: researcherApplications.id });
    if (updated.length === 0) return false;
    await audit({ action: decision === "approved" ? "research.approved" : "research.refused", actorUserId, targetType: "researcher", targetId: userId, ip }, tx);
    return true;
  });
}
