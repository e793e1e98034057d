/**
 * The prevention officer's work: an activity with its counts by group, sex and age
 * band (people are counted, never named), and an attendance sheet (CSV) imported all
 * or nothing, its bad lines listed one by one.
 */
import { api, ok, ProblemError, type Me, type Schemas } from "../api.js";
import { h, replace, table } from "../dom.js";
import { form, today } from "../form.js";
import { formatNumber, place, t, term } from "../i18n.js";

type ActivityType = Schemas["ActivityType"];
type Setting = Schemas["Setting"];
type Group = Schemas["ParticipantGroup"];
type AgeBand = Schemas["ParticipantAgeBand"];
type Language = Schemas["ActivityLanguage"];
const TYPES: readonly ActivityType[] = ["school_session", "community_workshop", "parents_meeting", "professional_training", "media_appearance", "online_campaign", "outreach", "information_stand", "helpline_promotion"];
const SETTINGS: readonly Setting[] = ["school", "community_centre", "municipal_building", "professional_premises", "health_facility", "public_space", "media_studio", "online", "other"];
const GROUPS: readonly Group[] = ["students_grades_1_5", "students_grades_6_9", "students_grades_10_12", "university_students", "youth_out_of_school", "parents", "teachers", "professionals", "community_members", "general_public"];
const AGES: readonly AgeBand[] = ["0-10", "11-14", "15-17", "18-24", "25-64", "65+", "not_recorded"];
const LANGUAGES: readonly Language[] = ["sq", "sr", "tr", "bs", "rom", "en"];

function options<T extends string>(values: readonly T[]): (readonly [string, string])[] {
  return values.map((v) => [v, term(v)] as const);
}

/** Kosovo's 38 municipalities by code, named in the user's language; none for online work. */
function municipalities(): (readonly [string, string])[] {
  const codes = Array.from({ length: 38 }, (_, i) => String(i + 1).padStart(2, "0"));
  const named = codes.map((code) => [code, place(code, code)] as const).sort((a, b) => a[1].localeCompare(b[1]));
  return [["", t("prevention.no_place")], ...named];
}

export async function preventionView(main: HTMLElement, me: Me): Promise<void> {
  const done = h("p", { role: "status", id: "prevention-done" });
  const activity = form(
    "activity",
    [
      { name: "type", label: "prevention.type", kind: "select", options: options(TYPES) },
      { name: "title", label: "prevention.activity_title" },
      { name: "held_on", label: "form.on", kind: "date", value: today(), required: true },
      { name: "duration_minutes", label: "prevention.minutes", kind: "number", value: "90", required: true },
      { name: "setting", label: "prevention.setting", kind: "select", options: options(SETTINGS) },
      { name: "municipality", label: "shelter.municipality", kind: "select", options: municipalities() },
      { name: "language", label: "nav.language", kind: "select", options: LANGUAGES.map((l) => [l, l] as const) },
      { name: "group", label: "prevention.group", kind: "select", options: options(GROUPS) },
      { name: "age_band", label: "case.age_band", kind: "select", options: AGES.map((a) => [a, a] as const) },
      { name: "female", label: "prevention.female", kind: "number", value: "0" },
      { name: "male", label: "prevention.male", kind: "number", value: "0" },
    ],
    "prevention.record",
    async (f) => {
      const title = f.value("title");
      const details = {
        type: f.value("type") as ActivityType,
        title: title === "" ? null : title,
        held_on: f.value("held_on"),
        duration_minutes: Number(f.value("duration_minutes")),
        setting: f.value("setting") as Setting,
        language: f.value("language") as Language,
        facilitators: [me.user],
        municipality: f.value("municipality") === "" ? null : f.value("municipality"),
      };
      const counted = (["female", "male"] as const)
        .map((sex) => ({ sex, count: Number(f.value(sex)), group: f.value("group") as Group, age_band: f.value("age_band") as AgeBand }))
        .filter((row) => row.count > 0);
      const recorded = await ok(api.POST("/api/v1/prevention/activities", { body: { details, reach: { participants: counted } } }));
      done.textContent = t("prevention.recorded", { people: counted.reduce((sum, row) => sum + row.count, 0), position: recorded.position });
    },
  );
  const result = h("div", { id: "sheet-result", "aria-live": "polite" });
  const sheet = form("sheet", [{ name: "file", label: "prevention.sheet", kind: "file", required: true }], "prevention.import", async (f) => {
    const file = f.file("file");
    if (file === undefined) {
      throw new Error(t("prevention.choose_file"));
    }
    try {
      const imported = await ok(api.POST("/api/v1/prevention/attendance-sheets", { body: { name: file.name, csv: await file.text() } }));
      replace(result, h("p", { role: "status" }, t("prevention.imported", { activities: formatNumber(imported.activities), people: formatNumber(imported.people) })));
    } catch (error) {
      const extra = error instanceof ProblemError ? (error.problem as Record<string, unknown>) : {};
      if (error instanceof ProblemError && Array.isArray(extra["errors"])) {
        const lines = extra["errors"] as { line: number; column: string; reason: string }[];
        replace(result, table(error.problem.detail, [t("prevention.line"), t("prevention.column"), t("prevention.reason")], lines.map((e) => [String(e.line), e.column, e.reason])));
        return;
      }
      throw error;
    }
  });
  replace(
    main,
    h("h1", {}, t("prevention.title")),
    h("section", {}, h("h2", {}, t("prevention.record")), activity.element, done),
    h("section", {}, h("h2", {}, t("prevention.import")), h("p", {}, t("prevention.sheet_why")), sheet.element, result),
  );
}
