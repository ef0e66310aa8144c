import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "#app/components/nonce";
import { defaultLocale, languageSettings, locales, localeNames, type Locale } from "#app/i18n/locales";
import { catalogueFor, makeTranslate } from "#app/i18n/translate";
import { installCatalogues, useLocale, useT, type PageI18n } from "#app/i18n/use-translate";
import { listUserOrganisations } from "#app/models/organisations.server";
import { csrfToken } from "#app/utils/csrf.server";
import { detectLocale } from "#app/utils/locale.server";
import { requestKey } from "#app/utils/request.server";
import { getSessionUser } from "#app/utils/session.server";
import { pageTitle } from "#app/utils/page-title";
import stylesUrl from "#app/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.ico" },
];

// The page's own title from its route's handle, in the reader's language (app/utils/page-title.ts).
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches) }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request, { context });
  const locale = await detectLocale(request, user);
  // the page's strings for the browser, so that it renders what the server rendered
  const i18n: PageI18n = { locale, settings: languageSettings(), catalogue: catalogueFor(locale) };
  const csrf = csrfToken(request);
  // (the page's guard reads the same memberships for its actor: once per GET request)
  const organisations = user ? await listUserOrganisations(user.id, request.method === "GET" ? requestKey(request, context) : undefined) : [];
  return data(
    {
      locale,
      i18n,
      csrfToken: csrf.token,
      user: user ? { id: user.id, name: user.name, kind: user.kind } : null,
      organisations,
    },
    { headers: csrf.setCookie ? { "set-cookie": csrf.setCookie } : undefined },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}

function LanguageSwitcher() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const root = useRootData();
  return (
    <Form method="post" action="/language" className="language-switcher">
      <input type="hidden" name="csrf" value={root?.csrfToken ?? ""} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select">{t("common.language")}</label>
      <select id="language-select" name="locale" defaultValue={locale}>
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {localeNames[l]}
          </option>
        ))}
      </select>
      <button type="submit">{t("common.changeLanguage")}</button>
    </Form>
  );
}

function Header() {
  const t = useT();
  const root = useRootData();
  const user = root?.user;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <nav aria-label={t("common.mainNavigation")}>
        <Link to="/" className="brand">
          Bilan
        </Link>
        {user ? (
          <>
            {root.organisations.length > 0 ? (
              <details className="org-switcher">
                <summary>{t("common.yourOrganisations")}</summary>
                <ul>
                  {root.organisations.map((o) => (
                    <li key={o.id}>
                      <Link to={`/o/${o.id}`}>{o.name}</Link>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {user.kind === "admin" ? <Link to="/admin">{t("common.nav.admin")}</Link> : null}
            {user.kind === "admin" || user.kind === "reviewer" ? <Link to="/review">{t("review.navLink")}</Link> : null}
            {user.kind === "funder" ? <Link to="/funder">{t("report.navPortfolio")}</Link> : null}
            {user.kind === "researcher" ? <Link to="/research/apply">{t("research.nav")}</Link> : null}
            <Link to="/account">{t("common.nav.account")}</Link>
            <Form method="post" action="/signout" className="inline">
              <input type="hidden" name="csrf" value={root.csrfToken} />
              <button type="submit">{t("common.nav.signOut")}</button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/signin">{t("common.nav.signIn")}</Link>
            <Link to="/signup">{t("common.nav.signUp")}</Link>
          </>
        )}
      </nav>
      <LanguageSwitcher />
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRootData();
  installCatalogues(root?.i18n);
  const nonce = useNonce();
  const locale: Locale = root?.locale ?? defaultLocale;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {root ? null : <ErrorPageStrings nonce={nonce} />}
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

const ERROR_STRINGS_ID = "error-page-strings";

/**
 * When the root loader itself failed (the database is down), its data, and so the page's strings,
 * are missing: the server writes the default language's common strings into the page, and the
 * browser takes them from there before it renders the error page.
 */
function ErrorPageStrings({ nonce }: { nonce?: string }) {
  let json = "";
  if (typeof document === "undefined") {
    json = JSON.stringify({ settings: languageSettings(), catalogue: catalogueFor(defaultLocale, ["common"]) }).replace(/</g, "\\u003c");
  } else {
    const text = document.getElementById(ERROR_STRINGS_ID)?.textContent;
    if (text) {
      json = text;
      const { settings, catalogue } = JSON.parse(text) as Omit<PageI18n, "locale">;
      installCatalogues({ locale: settings.defaultLanguage, settings, catalogue });
    }
  }
  return <script id={ERROR_STRINGS_ID} type="application/json" nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: json }} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRootData();
  const t = makeTranslate(root?.locale ?? defaultLocale);
  let title = t("common.errors.genericTitle");
  let body = t("common.errors.genericBody");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t("common.errors.notFoundTitle");
      body = t("common.errors.notFoundBody");
    } else if (error.status === 503) {
      title = t("common.errors.unavailableTitle");
      body = t("common.errors.unavailableBody");
    } else if (error.status < 500 && typeof error.data === "string") {
      body = error.data;
    }
  }
  return (
    <main id="main" className="error-page">
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t("common.backHome")}</a>
      </p>
    </main>
  );
}
