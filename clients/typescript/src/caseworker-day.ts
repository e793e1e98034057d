/**
 * A caseworker's day, through the typed client. A woman comes to the day centre and
 * says she was helped before: the caseworker finds her by name, opens her record by
 * the code on her paper file, finds and opens her case, assesses the risk, admits her
 * to a shelter with a free bed, writes a note, and writes up her reintegration plan
 * and its 3-month follow-up visit.
 *
 *   JOURNEY_URL=http://127.0.0.1:8000 JOURNEY_TOKEN=… \
 *     node dist/caseworker-day.js --name "Drita Hoxha" --birth-year 2002
 *
 * The token is a caseworker's, and her case must be assigned to them (or a case
 * manager's). Each step prints one line; any unexpected answer ends the run with
 * its problem document and exit status 1.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import { createClient, ok, okResponse, ProblemError, type JourneyClient } from "./client.js";
import type { components } from "./schema.js";

type Match = components["schemas"]["BeneficiaryMatch"];
type CaseFile = components["schemas"]["CaseFile"];
type CaseView = components["schemas"]["CaseView"];
type Shelter = components["schemas"]["FacilityCapacity"];

interface Visitor {
  /** Her name as she says it; spelling and diacritics need not match the record. */
  name: string;
  birthYear: number;
  /** A store position the read models must have reached (read-your-writes). */
  after: number | null;
}

const DAY_MS = 86_400_000;

/** A calendar day in Kosovo (the API's "today"), `days` from now. */
function kosovoDay(days = 0): string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Belgrade",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return format.format(new Date(Date.now() + days * DAY_MS));
}

/**
 * Headers of a command: a fresh Idempotency-Key, and If-Match with the ETag of the
 * record as the user saw it (`"7-3f9a…"`), when the command changes a record.
 */
function commandHeaders(etag?: string): { "Idempotency-Key": string; "If-Match"?: string } {
  const key = { "Idempotency-Key": randomUUID() };
  return etag === undefined ? key : { ...key, "If-Match": etag };
}

let stepNumber = 0;
function step(what: string): void {
  stepNumber += 1;
  console.log(`step ${stepNumber}: ${what}`);
}

/** Is she already known? The blind-index search, by name and birth year. */
async function findByName(api: JourneyClient, visitor: Visitor): Promise<Match> {
  const result = await ok(
    api.POST("/api/v1/beneficiaries/search", {
      body: { name: visitor.name, birth_year: visitor.birthYear },
      params: { query: { wait_for_position: visitor.after } },
    }),
  );
  const match = result.matches.find((found) => found.personal_data === "shown");
  if (!match) {
    throw new Error(`nobody of ${result.matches.length} matches is on this user's cases`);
  }
  step(
    `found ${match.code} by name (${match.name_words_matched} of ` +
      `${match.name_words_searched} name words, birth year ${match.birth_year})`,
  );
  return match;
}

/** Her open case, from the cases list filtered by her code. */
async function caseNumberOf(api: JourneyClient, code: string, after: number | null): Promise<string> {
  const query = { beneficiary_code: code, wait_for_position: after };
  const cases = await ok(api.GET("/api/v1/cases", { params: { query } }));
  const open = cases.items.find((item) => item.stage !== "closed");
  if (!open) {
    throw new Error(`${code} has no open case among the ${cases.items.length} listed`);
  }
  step(`found her case ${open.case_number} (stage ${open.stage})`);
  return open.case_number;
}

/** The case record as it is now, with its ETag to send back as If-Match. */
async function openCase(api: JourneyClient, ref: string): Promise<{ view: CaseView; etag: string }> {
  const answer = await okResponse(api.GET("/api/v1/cases/{ref}", { params: { path: { ref } } }));
  const etag = answer.response.headers.get("ETag");
  if (answer.notModified || etag === null) {
    throw new Error(`case ${ref} was answered without a body and an ETag`);
  }
  return { view: answer.data, etag };
}

/** Re-read the case she has open: unchanged, it is a 304 with the same ETag, no body. */
async function reReadCase(api: JourneyClient, ref: string, etag: string): Promise<void> {
  const params = { path: { ref }, header: { "If-None-Match": etag } };
  const answer = await okResponse(api.GET("/api/v1/cases/{ref}", { params }));
  if (!answer.notModified || answer.response.headers.get("ETag") !== etag) {
    throw new Error(`case ${ref}, unchanged, was not answered 304 Not Modified for ${etag}`);
  }
  step(`re-read case ${ref} with If-None-Match: 304 Not Modified, nothing sent again`);
}

async function caseFile(api: JourneyClient, ref: string, after: number | null): Promise<CaseFile> {
  const query = { wait_for_position: after };
  return ok(api.GET("/api/v1/cases/{ref}/file", { params: { path: { ref }, query } }));
}

/** The first shelter with a free bed, most free beds first. */
async function freeShelter(api: JourneyClient, after: number | null): Promise<Shelter> {
  const query = { sort: "-available", limit: 100, wait_for_position: after };
  const capacity = await ok(api.GET("/api/v1/capacity", { params: { query } }));
  const shelter = capacity.items.find((row) => row.kind === "shelter" && row.available > 0);
  if (!shelter) {
    throw new Error(`no shelter has a free bed among ${capacity.items.length} facilities`);
  }
  return shelter;
}

async function admit(api: JourneyClient, file: CaseFile, after: number | null): Promise<string> {
  const shelter = await freeShelter(api, after);
  const body = { case_id: file.case.id, facility_id: shelter.facility_id };
  const admitted = await ok(api.POST("/api/v1/stays", { body, params: { header: commandHeaders() } }));
  const stay = await ok(api.GET("/api/v1/stays/{ref}", { params: { path: { ref: admitted.id } } }));
  step(`admitted to ${shelter.name} (${shelter.available} beds were free) on ${stay.admitted_on}`);
  return stay.id;
}

/** A note on the case as she sees it now (the admission changed it: a fresh ETag). */
async function writeNote(api: JourneyClient, file: CaseFile): Promise<void> {
  const { view, etag } = await openCase(api, file.case.case_number);
  const text = "Came back to the day centre; admitted today; wants to restart the tailoring course.";
  await ok(
    api.POST("/api/v1/cases/{ref}/add-note", {
      body: { category: "general", text },
      params: { path: { ref: view.id }, header: commandHeaders(etag) },
    }),
  );
  const notes = await ok(
    api.GET("/api/v1/cases/{ref}/notes", { params: { path: { ref: file.case.case_number } } }),
  );
  const last = notes.items.at(-1);
  if (last?.text !== text) {
    throw new Error(`the note is not the last of case ${file.case.case_number}`);
  }
  step(`recorded a general note: note ${last.number} of ${notes.items.length}`);
}

/** A plan with one achieved goal, completed `daysAgo` days ago (written up from paper). */
async function completedPlan(api: JourneyClient, caseId: string, daysAgo: number): Promise<string> {
  const drafted = await ok(
    api.POST("/api/v1/plans", { body: { case_id: caseId }, params: { header: commandHeaders() } }),
  );
  const plan = { ref: drafted.id };
  const goal = {
    type: "Livelihood" as const,
    description: "Finish the tailoring course at the day centre",
    target_date: kosovoDay(30),
  };
  await ok(
    api.POST("/api/v1/plans/{ref}/add-goal", {
      body: goal,
      params: { path: plan, header: commandHeaders() },
    }),
  );
  await ok(
    api.POST("/api/v1/plans/{ref}/achieve-goal", {
      body: { number: 1 },
      params: { path: plan, header: commandHeaders() },
    }),
  );
  await ok(
    api.POST("/api/v1/plans/{ref}/complete-plan", {
      body: { completed_on: kosovoDay(-daysAgo) },
      params: { path: plan, header: commandHeaders() },
    }),
  );
  return drafted.id;
}

/** The plan's 3-month follow-up visit, today; the store position of the last event. */
async function followUp(api: JourneyClient, file: CaseFile): Promise<{ plan: string; position: number }> {
  const plan = await completedPlan(api, file.case.id, 91);
  const recorded = await ok(
    api.POST("/api/v1/plans/{ref}/record-follow-up", {
      body: { month: 3, status: "sustained", visited_on: kosovoDay() },
      params: { path: { ref: plan }, header: commandHeaders() },
    }),
  );
  step(`recorded the 3-month follow-up (sustained) of a plan completed 91 days ago`);
  return { plan, position: recorded.position };
}

async function caseworkerDay(api: JourneyClient, visitor: Visitor): Promise<void> {
  const match = await findByName(api, visitor);
  const person = await ok(
    api.GET("/api/v1/beneficiaries/{ref}", { params: { path: { ref: match.code } } }),
  );
  step(`opened beneficiary ${person.code} by code: personal data ${person.personal_data}`);

  const number = await caseNumberOf(api, person.code, visitor.after);
  const file = await caseFile(api, number, visitor.after);
  const kase = file.case;
  step(
    `opened case file ${kase.case_number}: caseworker ${kase.caseworker ?? "none"}, ` +
      `risk ${kase.risk_level ?? "not assessed"}, ${file.stays.length} stays, ` +
      `${file.plans.length} plans, ${file.consents.length} consents in force`,
  );

  if (kase.risk_level === null) {
    const { etag } = await openCase(api, number);
    const assessed = await ok(
      api.POST("/api/v1/cases/{ref}/assess-risk", {
        body: { level: "medium", rationale: "Back in Prishtina; the recruiter has her number" },
        params: { path: { ref: number }, header: commandHeaders(etag) }, // the case number on her file
      }),
    );
    step(`assessed the risk as medium (If-Match ${etag}; case version ${assessed.version})`);
  }
  const { etag } = await openCase(api, number);
  await reReadCase(api, number, etag);

  const stay = await admit(api, file, visitor.after);
  await writeNote(api, file);
  const { plan, position } = await followUp(api, file);

  const after = await caseFile(api, number, position);
  const planRow = after.plans.find((row) => row.plan_id === plan);
  if (!after.stays.some((row) => row.stay_id === stay) || planRow?.follow_up_3m !== "sustained") {
    throw new Error(`the case file of ${number} does not show today's stay and follow-up`);
  }
  step(`case file ${number} shows the stay and the follow-up; the day is done`);
}

function readVisitor(): { baseUrl: string; token: string; visitor: Visitor } {
  const { values } = parseArgs({
    options: {
      name: { type: "string" },
      "birth-year": { type: "string" },
      after: { type: "string" },
    },
  });
  const baseUrl = process.env["JOURNEY_URL"];
  const token = process.env["JOURNEY_TOKEN"];
  const birthYear = Number.parseInt(values["birth-year"] ?? "", 10);
  if (!baseUrl || !token || !values.name || Number.isNaN(birthYear)) {
    throw new Error(
      "usage: JOURNEY_URL=… JOURNEY_TOKEN=… caseworker-day --name NAME --birth-year YYYY [--after N]",
    );
  }
  const after = values.after === undefined ? null : Number.parseInt(values.after, 10);
  return { baseUrl, token, visitor: { name: values.name, birthYear, after } };
}

async function main(): Promise<number> {
  try {
    const { baseUrl, token, visitor } = readVisitor();
    await caseworkerDay(createClient({ baseUrl, token }), visitor);
    return 0;
  } catch (error) {
    if (error instanceof ProblemError) {
      console.error(`refused: ${error.message}\n${JSON.stringify(error.problem)}`);
    } else {
      console.error(error instanceof Error ? error.message : error);
    }
    return 1;
  }
}

process.exitCode = await main();
