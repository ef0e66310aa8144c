import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "#app/i18n/use-translate";
import { requirePermission } from "#app/utils/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "admin.console" }, context);
  return null;
}

export default function AdminHome() {
  const t = useT();
  return (
    <div>
      <h1>{t("admin.consoleTitle")}</h1>
      <ul>
        <li>
          <Link to="/admin/outbox">{t("admin.outboxTitle")}</Link>
        </li>
      </ul>
    </div>
  );
}
