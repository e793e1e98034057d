/**
 * Intake of a referral: the person (personal data, encrypted by the server) and the
 * referral that opens her case; a caseworker then takes the case. Separate commands:
 * what was done stays done, and a submission after a refusal goes on from the step
 * that was refused (no person registered twice, no second case).
 */
import { api, ifMatch, ok, type Me, type Schemas } from "../api.js";
import { h, replace } from "../dom.js";
import { form, today } from "../form.js";
import { t, term } from "../i18n.js";

type Gender = Schemas["Gender"];
type Reason = Schemas["IncomingReferralReason"];
type OrganisationType = Schemas["OrganisationType"];
const GENDERS: readonly Gender[] = ["Feminine", "Masculine", "TransgenderFeminine", "TransgenderMasculine", "NonConforming", "NonSpecifiedUnknown"];
const REASONS: readonly Reason[] = ["AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other"];
const REFERRERS: readonly OrganisationType[] = ["LawEnforcement", "LocalGovernmentOrganisation", "CentralGovernmentOrganisation", "NGO", "HealthServiceOrganisation", "SchoolOrCollege", "ImmigrationService", "LegalService", "CorporateBusiness"];

export async function intakeView(main: HTMLElement, me: Me): Promise<void> {
  let registered: string | null = null;
  let opened: Schemas["Accepted"] | null = null;
  const intake = form(
    "intake",
    [
      { name: "given_name", label: "intake.given_name", required: true },
      { name: "family_name", label: "intake.family_name", required: true },
      { name: "birth_date", label: "case.birth_date", kind: "date" },
      { name: "age_at_identification", label: "intake.age", kind: "number", required: true },
      { name: "gender", label: "case.gender", kind: "select", options: GENDERS.map((g) => [g, term(g)] as const) },
      { name: "citizenships", label: "intake.citizenship", value: "XK", required: true },
      { name: "scope", label: "intake.scope", kind: "select", options: [["domestic", term("domestic")], ["international", term("international")]] },
      { name: "organisation", label: "intake.referred_by", required: true },
      { name: "organisation_type", label: "intake.referrer_type", kind: "select", options: REFERRERS.map((o) => [o, term(o)] as const) },
      { name: "reason", label: "intake.reason", kind: "select", options: REASONS.map((r) => [r, term(r)] as const) },
      { name: "referred_on", label: "intake.referred_on", kind: "date", value: today(), required: true },
    ],
    "intake.submit",
    async (f) => {
      if (registered === null) {
        const birth = f.value("birth_date");
        const personal = { given_name: f.value("given_name"), family_name: f.value("family_name"), birth_date: birth === "" ? null : birth };
        const body = {
          personal,
          age_at_identification: Number(f.value("age_at_identification")),
          gender: f.value("gender") as Gender,
          citizenships: f.value("citizenships").split(/[ ,]+/).filter(Boolean).map((c) => c.toUpperCase()),
          scope: f.value("scope") as "domestic" | "international",
        };
        registered = (await ok(api.POST("/api/v1/beneficiaries", { body }))).id;
      }
      const referral = {
        organisation: f.value("organisation"),
        organisation_type: f.value("organisation_type") as OrganisationType,
        reason: f.value("reason") as Reason,
        referred_on: f.value("referred_on"),
      };
      opened ??= await ok(api.POST("/api/v1/cases", { body: { beneficiary_id: registered, referral } }));
      if (me.role === "caseworker") {
        // she takes the case she opened (a case manager may reassign it)
        const take = { path: { ref: opened.id }, header: ifMatch(opened.version) };
        opened = await ok(api.POST("/api/v1/cases/{ref}/assign-caseworker", { params: take, body: { caseworker: me.user } }));
      }
      const file = await ok(api.GET("/api/v1/cases/{ref}/file", { params: { path: { ref: opened.id }, query: { wait_for_position: opened.position } } }));
      window.location.hash = `#/case/${file.case.case_number}`;
    },
  );
  replace(main, h("h1", {}, t("intake.title")), h("p", {}, t("intake.why")), intake.element);
}
