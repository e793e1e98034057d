/**
 * A case page: the beneficiary as the signed-in role may see her (what the API
 * withholds shows as withheld), what is due, stays and day-centre enrolment, the care
 * plan's planned and delivered services, reintegration plans and follow-ups, referrals,
 * consents, notes by confidentiality, the timeline; and the forms of a caseworker's
 * day (note, service delivery, follow-up, consent).
 */
import { api, ok, type Me, type Schemas } from "../api.js";
import { h, link, replace, table, type Child } from "../dom.js";
import { formatDay, formatInstant, t, term } from "../i18n.js";
import { caseForms } from "./case_forms.js";

type CaseFile = Schemas["CaseFile"];
type Beneficiary = Schemas["BeneficiaryView"];

export async function caseView(main: HTMLElement, me: Me, ref: string): Promise<void> {
  await drawCase(main, me, await caseNumberOf(ref), null);
}

/** The page, once the read models have reached `after` (a change just made), if given. */
async function drawCase(main: HTMLElement, me: Me, number: string, after: number | null): Promise<void> {
  const file = await ok(api.GET("/api/v1/cases/{ref}/file", { params: { path: { ref: number }, query: { wait_for_position: after } } }));
  const [person, timeline, carePlan] = await Promise.all([
    beneficiaryOf(file.case.beneficiary_code),
    ok(api.GET("/api/v1/cases/{ref}/timeline", { params: { path: { ref: number }, query: { sort: "-position", limit: 30, wait_for_position: after } } })),
    file.case.care_plan_id ? ok(api.GET("/api/v1/care-plans/{ref}", { params: { path: { ref: file.case.care_plan_id } } })) : null,
  ]);
  const redraw = (position: number): void => void drawCase(main, me, number, position);
  replace(
    main,
    h("h1", {}, t("case.title", { number, code: file.case.beneficiary_code })),
    summary(file),
    personSection(person),
    dueSection(file),
    staysSection(file),
    needsSection(carePlan),
    servicesSection(carePlan),
    plansSection(file),
    referralsSection(file),
    consentsSection(file),
    notesSection(file),
    caseForms(file, redraw),
    table(
      t("case.timeline"),
      [t("col.when"), t("col.what"), t("col.by")],
      timeline.items.map((entry) => [formatDay(entry.occurred_on), entry.summary, entry.actor]),
    ),
  );
}

/** A case number as given, or the latest case of a beneficiary's code. */
async function caseNumberOf(ref: string): Promise<string> {
  if (ref.startsWith("PVPT-C-")) {
    return ref;
  }
  const cases = await ok(api.GET("/api/v1/cases", { params: { query: { beneficiary_code: ref, sort: "-opened_on", limit: 1 } } }));
  return cases.items[0]?.case_number ?? ref;
}

async function beneficiaryOf(code: string): Promise<Beneficiary | null> {
  const answer = await api.GET("/api/v1/beneficiaries/{ref}", { params: { path: { ref: code } } });
  return answer.response.status === 403 ? null : ok(Promise.resolve(answer));
}

function facts(...pairs: [string, Child][]): HTMLElement {
  return h("dl", { class: "facts" }, ...pairs.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}

function summary(file: CaseFile): HTMLElement {
  const c = file.case;
  const pending = Object.keys(c.pending_approvals).map(term).join(", ");
  return facts(
    [t("col.stage"), term(c.stage)],
    [t("col.risk"), term(c.risk_level)],
    [t("col.caseworker"), c.caseworker ?? "—"],
    [t("case.opened"), formatInstant(c.opened_at)],
    [t("case.reflection_ends"), formatDay(c.reflection_ends_on)],
    [t("case.pending_approvals"), pending || "—"],
  );
}

function personSection(person: Beneficiary | null): HTMLElement {
  const title = h("h2", {}, t("case.person"));
  if (person === null) {
    return h("section", { id: "person" }, title, h("p", {}, t("common.withheld")));
  }
  const personal = person.personal;
  const name = personal ? `${personal.given_name} ${personal.family_name}` : t("common.withheld");
  return h(
    "section",
    { id: "person" },
    title,
    facts(
      [t("col.name"), name],
      [t("case.birth_date"), personal ? formatDay(personal.birth_date) : t("common.withheld")],
      [t("case.gender"), term(person.gender)],
      [t("case.age_band"), person.age_band ?? t("common.withheld")],
      [t("case.citizenships"), person.citizenships?.join(", ") || "—"],
      [t("case.status"), term(person.trafficking_status)],
    ),
  );
}

function dueSection(file: CaseFile): HTMLElement {
  const open = file.due.filter((item) => item.done_on === null);
  return table(
    t("day.due"),
    [t("col.due_on"), t("col.what"), t("col.overdue")],
    open.map((item) => [formatDay(item.due_on), term(item.kind), item.overdue > 0 ? t("day.days_overdue", { days: item.days_overdue }) : ""]),
  );
}

function staysSection(file: CaseFile): HTMLElement {
  const stays = file.stays.map((s): Child[] => [s.facility_name, formatDay(s.admitted_on), formatDay(s.discharged_on), term(s.discharge_reason)]);
  const days = file.enrolments.map((e): Child[] => [t("case.day_centre"), formatDay(e.started_on), formatDay(e.ended_on), term(e.end_reason)]);
  return table(t("case.stays"), [t("col.where"), t("col.from"), t("col.to"), t("col.how")], [...stays, ...days]);
}

function needsSection(plan: Schemas["CarePlanView"] | null): HTMLElement {
  const current = plan?.assessments.at(-1);
  return table(
    t("case.needs", { on: formatDay(current?.assessed_on), next: formatDay(current?.reassess_by) }),
    [t("case.domain"), t("case.level"), t("col.text")],
    (current?.domains ?? []).map((d) => [term(d.domain), term(d.level), d.notes ?? ""]),
  );
}

function servicesSection(plan: Schemas["CarePlanView"] | null): HTMLElement {
  const services = plan ? Object.values(plan.services) : [];
  return table(
    t("case.services"),
    [t("col.service"), t("col.provider"), t("col.due_on"), t("col.status"), t("case.delivered")],
    services.map((s) => [term(s.service), s.provider, formatDay(s.due_on), term(s.status), String(s.deliveries?.length ?? 0)]),
  );
}

function plansSection(file: CaseFile): HTMLElement {
  return table(
    t("case.plans"),
    [t("col.from"), t("col.status"), t("case.goals"), t("case.follow_ups")],
    file.plans.map((p) => [
      formatDay(p.drafted_on),
      term(p.status),
      t("case.goals_count", { achieved: p.goals_achieved, total: p.goals_total }),
      [p.follow_up_3m, p.follow_up_6m, p.follow_up_12m].map((f) => term(f)).join(" · "),
    ]),
  );
}

function referralsSection(file: CaseFile): HTMLElement {
  return table(
    t("case.referrals"),
    [t("col.from"), t("col.partner"), t("col.status")],
    file.case.referrals.map((r) => [formatDay(r.referred_on), r.partner, term(r.status)]),
  );
}

function consentsSection(file: CaseFile): HTMLElement {
  return table(
    t("case.consents"),
    [t("col.what"), t("col.by"), t("col.from")],
    file.consents.map((c) => [term(c.kind), term(c.given_by), formatDay(c.given_on)]),
  );
}

function notesSection(file: CaseFile): HTMLElement {
  const c = file.case;
  const withheld = c.notes_withheld > 0 ? h("p", {}, t("case.notes_withheld", { count: c.notes_withheld })) : null;
  return h(
    "section",
    { id: "notes" },
    table(
      t("case.notes"),
      [t("col.when"), t("col.category"), t("col.by"), t("col.text")],
      c.notes.map((n) => [formatInstant(n.written_at), term(n.category), n.written_by, n.text]),
    ),
    withheld,
    link(`/case/${c.case_number}`, t("common.refresh")),
  );
}
