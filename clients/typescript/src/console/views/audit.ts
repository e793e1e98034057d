/**
 * The auditor's view of a case: its whole history (every event of the case and its
 * records, as the auditor's role may see them) and the access log of its records —
 * who read what, when, through which route.
 */
import { api, ok, type Me } from "../api.js";
import { button, h, replace, table } from "../dom.js";
import { form } from "../form.js";
import { formatInstant, t } from "../i18n.js";

export async function auditView(main: HTMLElement, me: Me, ref: string): Promise<void> {
  const output = h("div", { id: "audit-result", "aria-live": "polite" });
  const lookup = form("audit-case", [{ name: "case", label: "shelter.case", required: true, value: ref }], "audit.show", async (f) => {
    window.location.hash = `#/audit/${encodeURIComponent(f.value("case").toUpperCase())}`;
  });
  const verdict = h("div", { id: "integrity", "aria-live": "polite" });
  const verify = button(t("audit.verify"), () => {
    verify.setAttribute("aria-busy", "true");
    verify.disabled = true;
    replace(verdict, h("p", {}, t("common.loading")));
    ok(api.POST("/api/v1/audit/verification"))
      .then((report) => {
        const line = report.intact
          ? t("audit.intact", { events: report.events_checked, checkpoints: report.checkpoints_checked })
          : t("audit.broken", { where: report.problems[0] ?? "" });
        replace(verdict, h("p", { class: report.intact ? "intact" : "form-error", role: "status" }, line), ...report.notes.map((n) => h("p", {}, n)));
      })
      .catch((error: unknown) => replace(verdict, h("p", { class: "form-error", role: "alert" }, String(error))))
      .finally(() => {
        verify.disabled = false;
        verify.removeAttribute("aria-busy");
      });
  });
  verify.id = "verify";
  replace(
    main,
    h("h1", {}, t("audit.title")),
    h("section", {}, h("h2", {}, t("audit.integrity")), h("p", {}, t("audit.integrity_why")), verify, verdict),
    h("section", {}, h("h2", {}, t("audit.case")), lookup.element, output),
  );
  if (ref === "") {
    return;
  }
  const history = await ok(api.GET("/api/v1/cases/{ref}/history", { params: { path: { ref } } }));
  replace(
    output,
    h("p", {}, t("audit.exported", { by: history.exported_by, at: formatInstant(history.exported_at), role: me.role })),
    table(
      t("audit.events", { count: history.events.length }),
      [t("audit.position"), t("col.when"), t("col.what"), t("col.by")],
      history.events.map((e) => [String(e.position), formatInstant(e.occurred_at), e.event_type, e.actor]),
    ),
    table(
      t("audit.access"),
      [t("col.when"), t("col.by"), t("audit.role"), t("audit.route"), t("audit.fields")],
      history.access_log.map((a) => [formatInstant(a.at), a.actor, a.role, a.route, a.fields.join(", ")]),
    ),
  );
}
