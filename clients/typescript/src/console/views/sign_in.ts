/**
 * Signing in: user name, password and the authenticator's code; a one-time password
 * (after an administrator's reset) is changed first, and a first sign-in enrols the
 * authenticator app from a QR code (docs/sign-in.md).
 */
import { api, holdSession, ok, type Me, type Schemas } from "../api.js";
import { h, replace } from "../dom.js";
import { form, type Form } from "../form.js";
import { t } from "../i18n.js";

type SignedIn = Schemas["SignedIn"];
type Done = (me: Me) => void;

export function signInView(main: HTMLElement, notice: string, done: Done): void {
  const page = h("section", { class: "sign-in" });
  replace(main, page);
  credentialsStep(page, notice, done);
}

function credentialsStep(page: HTMLElement, notice: string, done: Done): void {
  const signIn = form(
    "sign-in",
    [
      { name: "user", label: "signin.user", required: true, autocomplete: "username" },
      { name: "password", label: "signin.password", kind: "password", required: true, autocomplete: "current-password" },
      { name: "code", label: "signin.code", autocomplete: "one-time-code" },
    ],
    "signin.submit",
    async (f) => {
      const user = f.value("user");
      const password = f.value("password");
      const code = f.value("code");
      const body = code === "" ? { user, password } : { user, password, code };
      const answer = await ok(api.POST("/api/v1/sign-in", { body }));
      next(page, answer, password, done);
    },
  );
  replace(page, h("h1", {}, t("signin.title")), notice ? h("p", { role: "status" }, notice) : null, signIn.element);
}

function next(page: HTMLElement, answer: SignedIn, password: string, done: Done): void {
  if (answer.next === "signed_in") {
    holdSession(answer.csrf_token);
    done({ user: answer.user, role: answer.role ?? "", csrf_token: answer.csrf_token ?? null, idle_timeout_seconds: answer.idle_timeout_seconds ?? null });
  } else if (answer.next === "change_password") {
    changePasswordStep(page, answer.user, password, done);
  } else {
    void enrolStep(page, answer.user, password, done);
  }
}

function changePasswordStep(page: HTMLElement, user: string, password: string, done: Done): void {
  const change = form(
    "change-password",
    [{ name: "new_password", label: "signin.new_password", kind: "password", required: true, autocomplete: "new-password" }],
    "signin.change",
    async (f: Form) => {
      const body = { user, password, new_password: f.value("new_password") };
      await ok(api.POST("/api/v1/sign-in/password", { body }));
      credentialsStep(page, t("signin.password_changed"), done);
    },
  );
  replace(page, h("h1", {}, t("signin.change_title")), h("p", {}, t("signin.change_why")), h("p", {}, t("signin.policy")), change.element);
}

async function enrolStep(page: HTMLElement, user: string, password: string, done: Done): Promise<void> {
  const enrolment = await ok(api.POST("/api/v1/sign-in/second-factor", { body: { user, password } }));
  const confirm = form(
    "enrol",
    [{ name: "code", label: "signin.code", required: true, autocomplete: "one-time-code" }],
    "signin.confirm",
    async (f) => {
      const body = { user, password, code: f.value("code") };
      const answer = await ok(api.POST("/api/v1/sign-in/second-factor/confirmation", { body }));
      next(page, answer, password, done);
    },
  );
  replace(
    page,
    h("h1", {}, t("signin.enrol_title")),
    h("p", {}, t("signin.enrol_why")),
    h("img", { src: enrolment.qr_code, alt: t("signin.qr_alt"), class: "qr" }),
    h("p", {}, t("signin.secret"), " ", h("code", { id: "secret" }, enrolment.secret)),
    confirm.element,
  );
}
