/**
 * "My day": the caseworker's cases with stage and risk, and what is due on them,
 * overdue first. A case manager sees every caseworker's.
 */
import { api, ok, type Me } from "../api.js";
import { h, link, replace, table } from "../dom.js";
import { formatDay, t, term } from "../i18n.js";

export async function dayView(main: HTMLElement, me: Me): Promise<void> {
  const mine = me.role === "caseworker" ? me.user : null;
  const [cases, due] = await Promise.all([
    ok(api.GET("/api/v1/cases", { params: { query: { caseworker: mine, sort: "-last_activity_at", limit: 200, total: true } } })),
    ok(api.GET("/api/v1/due", { params: { query: { worker: mine, sort: "due_on", limit: 200, total: true } } })),
  ]);
  const open = due.items.filter((item) => item.done_on === null);
  const overdue = open.filter((item) => item.overdue > 0);
  replace(
    main,
    h("h1", {}, t("day.title")),
    h("p", { class: "summary" }, t("day.summary", { cases: cases.total ?? cases.items.length, due: due.total ?? open.length, overdue: overdue.length })),
    table(
      t("day.due"),
      [t("col.due_on"), t("col.what"), t("col.case"), t("col.beneficiary"), t("col.overdue")],
      open.map((item) => [
        formatDay(item.due_on),
        term(item.kind),
        link(`/case/${item.case_number}`, item.case_number),
        item.beneficiary_code,
        item.overdue > 0 ? h("strong", { class: "overdue" }, t("day.days_overdue", { days: item.days_overdue })) : "",
      ]),
    ),
    table(
      t("day.cases"),
      [t("col.case"), t("col.beneficiary"), t("col.stage"), t("col.risk"), t("col.next_review")],
      cases.items.map((item) => [
        link(`/case/${item.case_number}`, item.case_number),
        item.beneficiary_code,
        term(item.stage),
        term(item.risk_level),
        formatDay(item.next_review_due),
      ]),
    ),
  );
}
