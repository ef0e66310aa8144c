import { Link } from "@remix-run/react";
import { useT } from "#app/i18n/use-translate";

/** Previous and next links of a paginated admin list. */
export function Pager({ page, hasMore, link }: { page: number; hasMore: boolean; link: (p: number) => string }) {
  const t = useT();
  if (page === 1 && !hasMore) return null;
  return (
    <nav aria-label={t("admin.pageN", { page })} className="pager">
      {page > 1 ? <Link to={link(page - 1)}>{t("admin.previousPage")}</Link> : null} <span>{t("admin.pageN", { page })}</span>{" "}
      {hasMore ? <Link to={link(page + 1)}>{t("admin.nextPage")}</Link> : null}
    </nav>
  );
}
