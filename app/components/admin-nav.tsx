import { NavLink } from "@remix-run/react";
import { useT } from "#app/i18n/use-translate";

export const adminSections = [
  { to: "/admin/campaigns", key: "admin.campaigns.title" },
  { to: "/admin/questionnaires", key: "admin.questionnaires.title" },
  { to: "/admin/organisations", key: "admin.organisations.title" },
  { to: "/admin/users", key: "admin.users.title" },
  { to: "/admin/taxonomies", key: "admin.taxonomies.title" },
  { to: "/admin/settings", key: "admin.settings.title" },
  { to: "/admin/researchers", key: "research.adminResearchersTitle" },
  { to: "/admin/releases", key: "research.adminReleasesTitle" },
  { to: "/admin/outbox", key: "admin.outboxTitle" },
  { to: "/admin/audit", key: "admin.audit.title" },
  { to: "/review", key: "review.queueTitle" },
] as const;

/** The console's sections, on every admin page. */
export function AdminNav() {
  const t = useT();
  return (
    <nav aria-label={t("admin.consoleTitle")} className="admin-nav">
      <ul className="inline-list">
        <li>
          <NavLink to="/admin" end>
            {t("admin.home")}
          </NavLink>
        </li>
        {adminSections.map((s) => (
          <li key={s.to}>
            <NavLink to={s.to}>{t(s.key)}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
