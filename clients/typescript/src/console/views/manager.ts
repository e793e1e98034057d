/**
 * The case manager's team: caseload per worker, the approvals waiting (four eyes: the
 * requester cannot approve), and reassignment of a case.
 */
import { api, ifMatch, ok, type Me, type Schemas } from "../api.js";
import { h, link, replace, table } from "../dom.js";
import { form } from "../form.js";
import { formatNumber, t, term } from "../i18n.js";

type CaseView = Schemas["CaseView"];
const SUBJECTS = ["assessment", "case_plan", "closure"] as const;

export async function managerView(main: HTMLElement, me: Me): Promise<void> {
  const [load, cases] = await Promise.all([
    ok(api.GET("/api/v1/caseload/by-worker", { params: { query: { limit: 100 } } })),
    ok(api.GET("/api/v1/cases", { params: { query: { sort: "-last_activity_at", limit: 200 } } })),
  ]);
  const waiting = await pendingApprovals(cases.items.filter((c) => c.stage !== "closed").map((c) => c.case_number));
  const redraw = (): void => void managerView(main, me);
  const reassign = form(
    "reassign",
    [
      { name: "case", label: "shelter.case", required: true },
      { name: "caseworker", label: "col.caseworker", kind: "select", options: load.items.map((w) => [w.caseworker, w.caseworker] as const) },
    ],
    "team.reassign",
    async (f) => {
      const ref = f.value("case").toUpperCase();
      const view = await ok(api.GET("/api/v1/cases/{ref}", { params: { path: { ref } } }));
      await ok(api.POST("/api/v1/cases/{ref}/assign-caseworker", { params: { path: { ref }, header: ifMatch(view.version) }, body: { caseworker: f.value("caseworker") } }));
      redraw();
    },
  );
  const approve = form(
    "approve",
    [
      { name: "case", label: "shelter.case", required: true },
      { name: "subject", label: "team.subject", kind: "select", options: SUBJECTS.map((s) => [s, term(s)] as const) },
      { name: "comment", label: "team.comment", kind: "textarea" },
    ],
    "team.approve",
    async (f) => {
      const ref = f.value("case").toUpperCase();
      const view = await ok(api.GET("/api/v1/cases/{ref}", { params: { path: { ref } } }));
      const comment = f.value("comment");
      const body = { subject: f.value("subject") as (typeof SUBJECTS)[number], comment: comment === "" ? null : comment };
      await ok(api.POST("/api/v1/cases/{ref}/approve", { params: { path: { ref }, header: ifMatch(view.version) }, body }));
      redraw();
    },
  );
  replace(
    main,
    h("h1", {}, t("team.title")),
    table(
      t("team.caseload"),
      [t("col.caseworker"), t("team.open"), t("team.high_risk"), t("col.overdue"), t("team.band")],
      load.items.map((w) => [w.caseworker, formatNumber(w.open_cases), formatNumber(w.high_risk), formatNumber(w.overdue), term(w.caseload_band)]),
    ),
    table(
      t("team.waiting"),
      [t("col.case"), t("team.subject"), t("team.requested_by"), t("col.caseworker")],
      waiting.flatMap((c) =>
        Object.entries(c.pending_approvals).map(([subject, p]) => [link(`/case/${c.case_number}`, c.case_number), term(subject), p.requested_by, c.caseworker ?? "—"]),
      ),
    ),
    h("section", {}, h("h2", {}, t("team.approve")), h("p", {}, t("team.four_eyes")), approve.element),
    h("section", {}, h("h2", {}, t("team.reassign")), reassign.element),
  );
}

/** The open cases with an approval requested and not decided, read 8 at a time. */
async function pendingApprovals(numbers: string[]): Promise<CaseView[]> {
  const found: CaseView[] = [];
  for (let start = 0; start < numbers.length; start += 8) {
    const batch = numbers.slice(start, start + 8);
    const views = await Promise.all(batch.map((ref) => ok(api.GET("/api/v1/cases/{ref}", { params: { path: { ref } } }))));
    found.push(...views.filter((view) => Object.keys(view.pending_approvals).length > 0));
  }
  return found;
}
