/**
 * Finding a person: by the code on the paper file (beneficiary or case), or by name
 * and birth date through the blind index (nothing of the query is stored or logged).
 */
import { api, ok, ProblemError, type Me } from "../api.js";
import { h, link, replace, table } from "../dom.js";
import { form } from "../form.js";
import { t } from "../i18n.js";

export async function findView(main: HTMLElement, _me: Me): Promise<void> {
  const results = h("div", { id: "results", "aria-live": "polite" });
  const byCode = form("by-code", [{ name: "code", label: "find.code", required: true }], "find.open", async (f) => {
    const code = f.value("code").toUpperCase();
    const cases = await ok(
      api.GET("/api/v1/cases", { params: { query: code.startsWith("PVPT-C-") ? { case_number: code } : { beneficiary_code: code } } }),
    );
    const first = cases.items[0];
    if (first === undefined) {
      throw new ProblemError(
        { type: "/problems/record-not-found", status: 404, title: t("find.none_title"), detail: t("find.none", { code }), field: "code" },
        new Response(null, { status: 404 }),
      );
    }
    window.location.hash = `#/case/${first.case_number}`;
  });
  const byName = form(
    "by-name",
    [
      { name: "name", label: "find.name", required: true },
      { name: "birth_date", label: "find.birth_date", kind: "date" },
    ],
    "find.search",
    async (f) => {
      const birth = f.value("birth_date");
      const body = birth === "" ? { name: f.value("name") } : { name: f.value("name"), birth_date: birth };
      const found = await ok(api.POST("/api/v1/beneficiaries/search", { body }));
      replace(
        results,
        table(
          t("find.matches", { count: found.matches.length }),
          [t("col.beneficiary"), t("col.name"), t("col.birth_year")],
          found.matches.map((match) => [
            link(`/case/${match.code}`, match.code),
            match.personal ? `${match.personal.given_name} ${match.personal.family_name}` : t("common.withheld"),
            match.birth_year ?? "—",
          ]),
        ),
      );
    },
  );
  replace(
    main,
    h("h1", {}, t("find.title")),
    h("section", {}, h("h2", {}, t("find.by_code")), byCode.element),
    h("section", {}, h("h2", {}, t("find.by_name")), byName.element, results),
  );
}
