/**
 * The shelter's board: beds per facility, who is in (by case number: the people are
 * on their case pages), admission with live capacity (a full shelter's refusal shown
 * as the API words it), temporary leave and return, discharge.
 */
import { api, ifMatch, ok, type Me, type Schemas } from "../api.js";
import { button, h, link, replace, table } from "../dom.js";
import { form, today } from "../form.js";
import { formatDay, formatNumber, place, t, term } from "../i18n.js";

type Stay = Schemas["StayRow"];
const REASONS = ["completed_programme", "left_voluntarily", "moved_for_safety", "repatriated", "rules_breached", "deceased", "other"] as const;
const DESTINATIONS = ["family", "independent_living", "other_shelter", "state_security_facility", "foster_or_institutional_care", "country_of_origin", "hospital", "unknown"] as const;

export async function shelterView(main: HTMLElement, me: Me): Promise<void> {
  await board(main, me, null);
}

/** The board, once the read models have reached `after` (a change just made), if given. */
async function board(main: HTMLElement, me: Me, after: number | null): Promise<void> {
  const waiting = { wait_for_position: after };
  const [capacity, stays, departed] = await Promise.all([
    ok(api.GET("/api/v1/capacity", { params: { query: { limit: 100, ...waiting } } })),
    ok(api.GET("/api/v1/stays", { params: { query: { status: "current", sort: "-admitted_on", limit: 200, ...waiting } } })),
    ok(api.GET("/api/v1/stays", { params: { query: { status: "discharged", sort: "-discharged_on", limit: 10, ...waiting } } })),
  ]);
  const week = daysAgo(7);
  const arrivals = stays.items.filter((s) => s.admitted_on >= week);
  const departures = departed.items.filter((s) => (s.discharged_on ?? "") >= week);
  const shelters = capacity.items.filter((f) => f.kind === "shelter");
  const redraw = (position: number | null = null): void => void board(main, me, position);
  const admit = form(
    "admit",
    [
      { name: "case", label: "shelter.case", required: true },
      { name: "facility", label: "shelter.facility", kind: "select", options: shelters.map((f) => [f.facility_id, `${f.name} (${t("shelter.free", { beds: f.available })})`] as const) },
      { name: "admitted_on", label: "form.on", kind: "date", value: today() },
    ],
    "shelter.admit",
    async (f) => {
      const found = await ok(api.GET("/api/v1/cases/{ref}/id", { params: { path: { ref: f.value("case") } } }));
      const body = { case_id: found.case_id, facility_id: f.value("facility"), admitted_on: f.value("admitted_on") };
      const admitted = await ok(api.POST("/api/v1/stays", { body }));
      redraw(admitted.position);
    },
  );
  replace(
    main,
    h("h1", {}, t("shelter.title")),
    table(
      t("shelter.beds"),
      [t("shelter.facility"), t("shelter.municipality"), t("shelter.beds_total"), t("shelter.occupied"), t("shelter.available")],
      shelters.map((f) => [f.name, place(f.municipality, f.municipality_name), formatNumber(f.beds), formatNumber(f.occupied), h("strong", {}, formatNumber(f.available))]),
    ),
    h("section", {}, h("h2", {}, t("shelter.admit")), admit.element),
    table(
      t("shelter.moves"),
      [t("shelter.facility"), t("col.case"), t("shelter.arrived"), t("shelter.left")],
      [
        ...arrivals.map((s) => [s.facility_name, s.case_number, formatDay(s.admitted_on), ""]),
        ...departures.map((s) => [s.facility_name, s.case_number, "", formatDay(s.discharged_on)]),
      ],
    ),
    table(
      t("shelter.in"),
      [t("shelter.facility"), t("col.case"), t("col.from"), t("shelter.on_leave"), t("col.how")],
      stays.items.map((s) => [s.facility_name, link(`/case/${s.case_number}`, s.case_number), formatDay(s.admitted_on), s.on_leave ? t("common.yes") : t("common.no"), stayActions(s, redraw)]),
    ),
  );
}

/** The calendar day `days` before today in Kosovo (`YYYY-MM-DD`). */
function daysAgo(days: number): string {
  const [year = 0, month = 1, day = 1] = today().split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

function stayActions(stay: Stay, redraw: (position: number | null) => void): HTMLElement {
  const box = h("div", { class: "actions" });
  const run = (change: (version: number) => Promise<{ position: number }>): void => {
    box.querySelector(".form-error")?.remove();
    ok(api.GET("/api/v1/stays/{ref}", { params: { path: { ref: stay.stay_id } } }))
      .then((view) => change(view.version))
      .then((done) => redraw(done.position))
      .catch((error: unknown) => box.append(h("p", { class: "form-error", role: "alert" }, String(error))));
  };
  const path = (version: number) => ({ path: { ref: stay.stay_id }, header: ifMatch(version) });
  if (stay.on_leave) {
    box.append(button(t("shelter.back"), () => run((v) => ok(api.POST("/api/v1/stays/{ref}/return-from-leave", { params: path(v), body: {} })))));
  } else {
    box.append(button(t("shelter.leave"), () => run((v) => ok(api.POST("/api/v1/stays/{ref}/start-leave", { params: path(v), body: { expected_return: today(), reason: t("shelter.leave_reason") } })))));
  }
  const discharge = form(
    `discharge-${stay.stay_id}`,
    [
      { name: "reason", label: "shelter.reason", kind: "select", options: REASONS.map((r) => [r, term(r)] as const) },
      { name: "destination", label: "shelter.destination", kind: "select", options: DESTINATIONS.map((d) => [d, term(d)] as const) },
    ],
    "shelter.discharge",
    async (f) => {
      const view = await ok(api.GET("/api/v1/stays/{ref}", { params: { path: { ref: stay.stay_id } } }));
      const body = { reason: f.value("reason") as (typeof REASONS)[number], destination: f.value("destination") as (typeof DESTINATIONS)[number], discharged_on: today() };
      const discharged = await ok(api.POST("/api/v1/stays/{ref}/discharge-from-shelter", { params: path(view.version), body }));
      redraw(discharged.position);
    },
  );
  box.append(h("details", {}, h("summary", {}, t("shelter.discharge")), discharge.element));
  return box;
}
