import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-translate";
import { listUserOrganisations } from "#app/models/organisations.server";
import { getSessionUser } from "#app/utils/session.server";
import type { TitleHandle } from "#app/utils/page-title";
import { roleHome } from "#app/utils/role-home";

export const handle: TitleHandle = { title: "common.welcomeTitle" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  if (!user) return { user: null, organisations: [] };
  const organisations = await listUserOrganisations(user.id);
  // One organisation: go straight to it, as the person almost always wants; staff, funders and
  // researchers without one start on their own page.
  if (user.kind === "member" && organisations.length === 1) throw redirect(`/o/${organisations[0].id}`);
  const home = roleHome(user.kind);
  if (home && organisations.length === 0) throw redirect(home);
  return { user: { name: user.name, kind: user.kind }, organisations };
}

export default function Index() {
  const t = useT();
  const { user, organisations } = useLoaderData<typeof loader>();
  if (!user) {
    return (
      <div className="narrow">
        <h1>{t("common.welcomeTitle")}</h1>
        <p>{t("common.welcomeIntro")}</p>
        <p className="actions">
          <Link className="button primary" to="/signin">
            {t("common.nav.signIn")}
          </Link>
          <Link className="button" to="/signup">
            {t("account.registerOrganisation")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div>
      <h1>{t("common.hello", { name: user.name })}</h1>
      {user.kind === "admin" ? (
        <p>
          <Link to="/admin">{t("admin.consoleTitle")}</Link>
        </p>
      ) : null}
      <h2>{t("common.yourOrganisations")}</h2>
      {organisations.length === 0 ? <p>{t("organisation.none")}</p> : null}
      <ul>
        {organisations.map((o) => (
          <li key={o.id}>
            <Link to={`/o/${o.id}`}>{o.name}</Link> ({t(`organisation.role.${o.role}`)})
          </li>
        ))}
      </ul>
      <p>
        <Link to="/organisations/new">{t("organisation.createAnother")}</Link>
      </p>
    </div>
  );
}
