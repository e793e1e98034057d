/**
 * The staff console (docs/console.md): a client of the public API, served by `journey
 * up` at /console/. Who is signed in decides the menu; what each screen shows is what
 * the API answers for that role (its withholding does the work, the console adds no
 * rule). Screens are hash routes (`#/case/PVPT-C-2026-0007`), so switching the language
 * re-draws the page the user is on.
 */
import { holdSession, whenSessionEnds, whoIsSignedIn, api, type Me } from "./api.js";
import { button, h, replace } from "./dom.js";
import { LANGUAGES, language, setLanguage, t, type Language, type MessageKey } from "./i18n.js";
import { auditView } from "./views/audit.js";
import { caseView } from "./views/case.js";
import { dayView } from "./views/day.js";
import { findView } from "./views/find.js";
import { intakeView } from "./views/intake.js";
import { managerView } from "./views/manager.js";
import { preventionView } from "./views/prevention.js";
import { reportsView } from "./views/reports.js";
import { shelterView } from "./views/shelter.js";
import { signInView } from "./views/sign_in.js";

export type Screen = (main: HTMLElement, me: Me, argument: string) => Promise<void>;

interface MenuEntry {
  route: string;
  label: MessageKey;
  roles: readonly string[];
  screen: Screen;
}

const CASE_ROLES = ["caseworker", "case_manager", "clinician", "lawyer", "admin"];
const MENU: readonly MenuEntry[] = [
  { route: "day", label: "nav.day", roles: CASE_ROLES, screen: dayView },
  { route: "find", label: "nav.find", roles: CASE_ROLES, screen: findView },
  { route: "intake", label: "nav.intake", roles: ["caseworker", "case_manager", "admin"], screen: intakeView },
  { route: "shelter", label: "nav.shelter", roles: ["shelter_staff", "case_manager", "caseworker", "admin"], screen: shelterView },
  { route: "team", label: "nav.team", roles: ["case_manager", "admin"], screen: managerView },
  { route: "prevention", label: "nav.prevention", roles: ["prevention_officer"], screen: preventionView },
  { route: "reports", label: "nav.reports", roles: ["case_manager", "admin"], screen: reportsView },
  { route: "audit", label: "nav.audit", roles: ["auditor", "admin"], screen: auditView },
];
const HIDDEN: Record<string, Screen> = { case: caseView };

const root = document.getElementById("console");
if (root === null) {
  throw new Error("the page has no #console element");
}
const app: HTMLElement = root;

async function start(): Promise<void> {
  setLanguage(language());
  whenSessionEnds(() => showSignIn(t("signin.session_ended")));
  const me = await whoIsSignedIn();
  if (me === null) {
    showSignIn("");
  } else {
    showConsole(me);
  }
}

function showSignIn(notice: string): void {
  holdSession(null);
  const main = h("main", { id: "main" });
  replace(app, header(null), main);
  signInView(main, notice, (me) => showConsole(me));
}

function entriesFor(me: Me): MenuEntry[] {
  return MENU.filter((entry) => entry.roles.includes(me.role));
}

function showConsole(me: Me): void {
  const main = h("main", { id: "main", tabindex: "-1" });
  replace(app, header(me), main);
  const draw = (): void => {
    void route(main, me);
  };
  window.onhashchange = draw;
  draw();
}

async function route(main: HTMLElement, me: Me): Promise<void> {
  const [name = "", ...rest] = window.location.hash.replace(/^#\/?/, "").split("/");
  const entries = entriesFor(me);
  const argument = decodeURIComponent(rest.join("/"));
  const screen = HIDDEN[name] ?? entries.find((entry) => entry.route === name)?.screen;
  if (screen === undefined) {
    const first = entries[0];
    if (first === undefined) {
      replace(main, h("p", {}, t("nav.nothing_for_role", { role: me.role })));
      return;
    }
    window.location.hash = `#/${first.route}`;
    return;
  }
  markCurrent(name);
  replace(main, h("p", { class: "loading" }, t("common.loading")));
  try {
    await screen(main, me, argument);
  } catch (error) {
    replace(main, h("p", { class: "form-error", role: "alert" }, String(error)));
  }
}

function markCurrent(name: string): void {
  for (const item of document.querySelectorAll("nav a")) {
    const current = item.getAttribute("href") === `#/${name}`;
    if (current) {
      item.setAttribute("aria-current", "page");
    } else {
      item.removeAttribute("aria-current");
    }
  }
}

function header(me: Me | null): HTMLElement {
  const chooser = h("select", { id: "language", "aria-label": t("nav.language") });
  for (const code of LANGUAGES) {
    chooser.append(h("option", { value: code }, t(`language.${code}`)));
  }
  chooser.value = language();
  chooser.addEventListener("change", () => {
    setLanguage(chooser.value as Language);
    void start(); // the same route, drawn again in the new language
  });
  const skip = h("a", { class: "skip", href: "#main" }, t("nav.skip"));
  skip.addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("main")?.focus();
  });
  const title = h("p", { class: "brand" }, "PVPT Journey");
  if (me === null) {
    return h("header", {}, skip, title, chooser);
  }
  const nav = h(
    "nav",
    { "aria-label": t("nav.menu") },
    h("ul", {}, ...entriesFor(me).map((e) => h("li", {}, h("a", { href: `#/${e.route}` }, t(e.label))))),
  );
  const who = h("p", { class: "who" }, t("nav.signed_in_as", { user: me.user, role: t(`role.${me.role}` as MessageKey) }));
  const out = button(t("nav.sign_out"), () => {
    void api.POST("/api/v1/sign-out").then(() => showSignIn(t("signin.signed_out")));
  });
  return h("header", {}, skip, title, nav, who, chooser, out);
}

void start();
