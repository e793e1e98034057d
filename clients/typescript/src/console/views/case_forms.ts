/**
 * The case page's forms: a note, a service delivered, a follow-up visit, a consent
 * given or withdrawn. Each sends the version of the record the page showed (If-Match),
 * so a change by someone else meanwhile is refused rather than overwritten; each
 * refusal is shown next to the field it names.
 */
import { api, ifMatch, ok, type Schemas } from "../api.js";
import { h } from "../dom.js";
import { form, today, type FieldSpec } from "../form.js";
import { t, term } from "../i18n.js";

type CaseFile = Schemas["CaseFile"];

const NOTE_CATEGORIES = ["general", "medical", "psychological", "legal"] as const;
const SERVICES = ["medical", "psychological", "legal", "education", "vocational_training", "employment", "housing", "family_mediation", "financial", "repatriation"] as const;
const OUTCOMES = ["completed", "ongoing", "declined", "not_available"] as const;
const FOLLOW_UP_STATUS = ["sustained", "at_risk", "re_trafficked", "lost_contact"] as const;
const CONSENTS = ["services", "sharing", "anonymised_reporting", "personal_data"] as const;

function choices(values: readonly string[]): (readonly [string, string])[] {
  return values.map((value) => [value, term(value)] as const);
}

export function caseForms(file: CaseFile, redraw: (position: number) => void): HTMLElement {
  const c = file.case;
  const ref = { path: { ref: c.case_number }, header: ifMatch(c.version) };
  const note = form(
    "note",
    [
      { name: "category", label: "form.category", kind: "select", options: choices(NOTE_CATEGORIES), value: "general" },
      { name: "text", label: "form.text", kind: "textarea", required: true },
    ],
    "form.add_note",
    async (f) => {
      const category = f.value("category") as (typeof NOTE_CATEGORIES)[number];
      const done = await ok(api.POST("/api/v1/cases/{ref}/add-note", { params: ref, body: { category, text: f.value("text") } }));
      redraw(done.position);
    },
  );
  const service = form(
    "service",
    [
      { name: "service", label: "col.service", kind: "select", options: choices(SERVICES) },
      { name: "provider", label: "col.provider", required: true, value: "PVPT" },
      { name: "outcome", label: "form.outcome", kind: "select", options: choices(OUTCOMES) },
      { name: "delivered_on", label: "form.on", kind: "date", value: today() },
    ],
    "form.record_service",
    async (f) => {
      const body = {
        service: f.value("service") as (typeof SERVICES)[number],
        provider: f.value("provider"),
        outcome: f.value("outcome") as (typeof OUTCOMES)[number],
        delivered_on: f.value("delivered_on"),
      };
      const done = await ok(api.POST("/api/v1/cases/{ref}/deliver-service", { params: ref, body }));
      redraw(done.position);
    },
  );
  const sections = [section("form.add_note", note.element), section("form.record_service", service.element)];
  const plan = file.plans.find((p) => p.status === "active") ?? file.plans[0];
  if (plan !== undefined) {
    sections.push(section("form.record_follow_up", followUpForm(plan.plan_id, redraw).element));
  }
  sections.push(section("form.consent", consentForm(c.beneficiary_code, redraw).element));
  return h("section", { id: "forms", "aria-label": t("form.record") }, h("h2", {}, t("form.record")), ...sections);
}

function section(title: Parameters<typeof t>[0], element: HTMLElement): HTMLElement {
  return h("details", {}, h("summary", {}, t(title)), element);
}

function followUpForm(planId: string, redraw: (position: number) => void): ReturnType<typeof form> {
  const fields: FieldSpec[] = [
    { name: "month", label: "form.month", kind: "select", options: [["3", "3"], ["6", "6"], ["12", "12"]] },
    { name: "status", label: "col.status", kind: "select", options: choices(FOLLOW_UP_STATUS) },
    { name: "visited_on", label: "form.on", kind: "date", value: today() },
  ];
  return form("follow-up", fields, "form.record_follow_up", async (f) => {
    const plan = await ok(api.GET("/api/v1/plans/{ref}", { params: { path: { ref: planId } } }));
    const body = {
      month: Number(f.value("month")),
      status: f.value("status") as (typeof FOLLOW_UP_STATUS)[number],
      visited_on: f.value("visited_on"),
    };
    const done = await ok(api.POST("/api/v1/plans/{ref}/record-follow-up", { params: { path: { ref: planId }, header: ifMatch(plan.version) }, body }));
    redraw(done.position);
  });
}

function consentForm(code: string, redraw: (position: number) => void): ReturnType<typeof form> {
  const fields: FieldSpec[] = [
    { name: "change", label: "form.change", kind: "select", options: [["give", t("form.give")], ["withdraw", t("form.withdraw")]] },
    { name: "kind", label: "col.what", kind: "select", options: choices(CONSENTS) },
    { name: "given_by", label: "col.by", kind: "select", options: choices(["beneficiary", "guardian"]) },
  ];
  return form("consent", fields, "form.save", async (f) => {
    const person = await ok(api.GET("/api/v1/beneficiaries/{ref}", { params: { path: { ref: code } } }));
    const params = { path: { ref: code }, header: ifMatch(person.version) };
    const kind = f.value("kind") as (typeof CONSENTS)[number];
    const givenBy = f.value("given_by") as "beneficiary" | "guardian";
    const done =
      f.value("change") === "give"
        ? await ok(api.POST("/api/v1/beneficiaries/{ref}/give-consent", { params, body: { kind, given_by: givenBy, given_on: today() } }))
        : await ok(api.POST("/api/v1/beneficiaries/{ref}/withdraw-consent", { params, body: { kind, withdrawn_on: today() } }));
    redraw(done.position);
  });
}
