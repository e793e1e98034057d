/**
 * A caseworker's day, through the typed client: the person on a paper file comes
 * back, the caseworker finds her case, opens it, admits her to a shelter, writes a
 * note, and writes up her reintegration plan and its 3-month follow-up visit.
 *
 *   JOURNEY_URL=http://127.0.0.1:8000 JOURNEY_TOKEN=… \
 *     node dist/caseworker-day.js --code PVPT-2026-0001 --facility <facility id>
 *
 * The token is a caseworker's (or a case manager's); the case must be assigned to
 * the caseworker. Each step prints one line; any unexpected answer ends the run
 * with its problem document and exit status 1.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import { createClient, ok, ProblemError, type JourneyClient } from "./client.js";
import type { components } from "./schema.js";

type CaseItem = components["schemas"]["CaseItem"];

interface Day {
  /** The beneficiary's code, as on the paper file. */
  code: string;
  /** The shelter to admit her to. */
  facility: string;
  /** A store position the lists must have caught up with (read-your-writes). */
  after: number | undefined;
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

/** Headers of a command: a fresh Idempotency-Key, and If-Match when the version is known. */
function commandHeaders(version?: number): { "Idempotency-Key": string; "If-Match"?: string } {
  const key = { "Idempotency-Key": randomUUID() };
  return version === undefined ? key : { ...key, "If-Match": `"${version}"` };
}

let stepNumber = 0;
function step(what: string): void {
  stepNumber += 1;
  console.log(`step ${stepNumber}: ${what}`);
}

async function findCase(api: JourneyClient, day: Day): Promise<CaseItem> {
  let cursor: string | undefined;
  do {
    const query = { limit: 500, ...(cursor ? { cursor } : {}), wait_for_position: day.after ?? null };
    const page = await ok(api.GET("/api/v1/cases", { params: { query } }));
    const found = page.items.find((item) => item.beneficiary_code === day.code);
    if (found) {
      return found;
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  throw new Error(`no case of ${day.code} among the cases this user may read`);
}

async function admit(api: JourneyClient, caseId: string, facility: string): Promise<string> {
  const body = { case_id: caseId, facility_id: facility };
  const admitted = await ok(api.POST("/api/v1/stays", { body, params: { header: commandHeaders() } }));
  const stay = await ok(
    api.GET("/api/v1/stays/{record_id}", { params: { path: { record_id: admitted.id } } }),
  );
  if (stay["case_id"] !== caseId) {
    throw new Error(`stay ${admitted.id} is not of case ${caseId}`);
  }
  return admitted.id;
}

/** A plan with one achieved goal, completed `daysAgo` days ago (written up from paper). */
async function completedPlan(api: JourneyClient, caseId: string, daysAgo: number): Promise<string> {
  const drafted = await ok(
    api.POST("/api/v1/plans", { body: { case_id: caseId }, params: { header: commandHeaders() } }),
  );
  const plan = { record_id: drafted.id };
  const goal = {
    type: "Livelihood" as const,
    description: "Finish the tailoring course at the day centre",
    target_date: kosovoDay(30),
  };
  await ok(
    api.POST("/api/v1/plans/{record_id}/add-goal", {
      body: goal,
      params: { path: plan, header: commandHeaders() },
    }),
  );
  await ok(
    api.POST("/api/v1/plans/{record_id}/achieve-goal", {
      body: { number: 1 },
      params: { path: plan, header: commandHeaders() },
    }),
  );
  await ok(
    api.POST("/api/v1/plans/{record_id}/complete-plan", {
      body: { completed_on: kosovoDay(-daysAgo) },
      params: { path: plan, header: commandHeaders() },
    }),
  );
  return drafted.id;
}

async function caseworkerDay(api: JourneyClient, day: Day): Promise<void> {
  const item = await findCase(api, day);
  step(`found case ${item.case_number} of ${day.code} (stage ${item.stage})`);

  const path = { record_id: item.case_id };
  const opened = await ok(api.GET("/api/v1/cases/{record_id}", { params: { path } }));
  step(
    `opened case ${opened.case_number}: caseworker ${opened.caseworker ?? "none"}, ` +
      `risk ${opened.risk_level ?? "not assessed"}, ${opened.notes.length} notes`,
  );

  const person = await ok(
    api.GET("/api/v1/beneficiaries/{record_id}", {
      params: { path: { record_id: opened.beneficiary_id } },
    }),
  );
  step(`opened beneficiary ${person.code}: personal data ${person.personal_data}`);

  let version = opened.version;
  if (opened.risk_level === null) {
    const assessed = await ok(
      api.POST("/api/v1/cases/{record_id}/assess-risk", {
        body: { level: "medium", rationale: "Returned to Prishtina; the recruiter is in contact" },
        params: { path, header: commandHeaders(version) },
      }),
    );
    version = assessed.version;
    step(`assessed the risk as medium (case version ${version})`);
  }

  const stay = await admit(api, item.case_id, day.facility);
  step(`admitted to shelter ${day.facility}: stay ${stay}`);

  const note = await ok(
    api.POST("/api/v1/cases/{record_id}/add-note", {
      body: { category: "general", text: "Admitted today; wants to restart the tailoring course." },
      params: { path, header: commandHeaders() },
    }),
  );
  step(`recorded a general note (case version ${note.version})`);

  const plan = await completedPlan(api, item.case_id, 91);
  const followUp = await ok(
    api.POST("/api/v1/plans/{record_id}/record-follow-up", {
      body: { month: 3, status: "sustained", visited_on: kosovoDay() },
      params: { path: { record_id: plan }, header: commandHeaders() },
    }),
  );
  step(`recorded the 3-month follow-up of plan ${plan} (plan version ${followUp.version})`);

  const after = await ok(api.GET("/api/v1/cases/{record_id}", { params: { path } }));
  if (!after.notes.some((written) => written.number === opened.notes.length + 1)) {
    throw new Error(`the note is not on case ${after.case_number}`);
  }
  step(`case ${after.case_number} now has ${after.notes.length} notes; the day is done`);
}

function readDay(): { baseUrl: string; token: string; day: Day } {
  const { values } = parseArgs({
    options: {
      code: { type: "string" },
      facility: { type: "string" },
      after: { type: "string" },
    },
  });
  const baseUrl = process.env["JOURNEY_URL"];
  const token = process.env["JOURNEY_TOKEN"];
  if (!baseUrl || !token || !values.code || !values.facility) {
    throw new Error(
      "usage: JOURNEY_URL=… JOURNEY_TOKEN=… caseworker-day --code CODE --facility ID [--after N]",
    );
  }
  const after = values.after === undefined ? undefined : Number.parseInt(values.after, 10);
  return { baseUrl, token, day: { code: values.code, facility: values.facility, after } };
}

async function main(): Promise<number> {
  try {
    const { baseUrl, token, day } = readDay();
    await caseworkerDay(createClient({ baseUrl, token }), day);
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
