/**
 * A typed client of the PVPT Journey HTTP API.
 *
 * `paths` and `components` are generated from the committed description
 * (docs/openapi.json) by openapi-typescript (`npm run generate`); openapi-fetch
 * turns them into `GET`/`POST` calls whose paths, parameters, bodies and answers
 * are checked by the compiler. This module adds what every UI needs on top: the
 * bearer token on each request, and refusals surfaced as typed problem documents
 * (RFC 9457) instead of bare status codes.
 */
import createFetchClient, { type Client } from "openapi-fetch";

import type { components, paths } from "./schema.js";

/** An error answer of the API: `type` says which refusal (docs/problems.md). */
export type Problem = components["schemas"]["Problem"];

/** The API, with every route typed from the description. */
export type JourneyClient = Client<paths>;

export interface ClientOptions {
  /** Where the API is served, e.g. `http://127.0.0.1:8000` (no trailing `/api/v1`). */
  baseUrl: string;
  /** The user's bearer token (`journey users add NAME --role ROLE` prints it). */
  token: string;
  /** Another fetch, e.g. one with a timeout; the global one by default. */
  fetch?: (input: Request) => Promise<Response>;
}

/** A client whose every request carries `Authorization: Bearer <token>`. */
export function createClient(options: ClientOptions): JourneyClient {
  return createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { Authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** A refusal or failure of the API, carrying its problem document. */
export class ProblemError extends Error {
  override readonly name = "ProblemError";

  constructor(
    readonly problem: Problem,
    readonly response: Response,
  ) {
    super(`${problem.status} ${problemKind(problem)}: ${problem.detail}`);
  }

  /** The kind of problem: the type's last segment (`capacity-exceeded`). */
  get kind(): string {
    return problemKind(this.problem);
  }
}

/**
 * `/problems/capacity-exceeded` → `capacity-exceeded`: the type is a URI relative to
 * the API (an absolute one works the same); `about:blank` is kept as is.
 */
export function problemKind(problem: Pick<Problem, "type">): string {
  return problem.type.split("/").pop() ?? problem.type;
}

const PROBLEM_MEDIA_TYPE = "application/problem+json";

function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const fields = value as Record<string, unknown>;
  return (
    typeof fields["type"] === "string" &&
    typeof fields["status"] === "number" &&
    typeof fields["title"] === "string" &&
    typeof fields["detail"] === "string"
  );
}

/** What openapi-fetch answers: the success body, or the error body, and the response. */
export type Answer<T> =
  | { data: T; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/** A fresh answer: its body and the response it came in. */
export interface Fresh<T> {
  notModified: false;
  data: T;
  response: Response;
}

/**
 * A 304 to a read sent with `If-None-Match`: the body the client holds is still the
 * answer (the response carries the same `ETag`), and none was sent.
 */
export interface NotModified {
  notModified: true;
  data?: never;
  response: Response;
}

/**
 * The body of a successful answer and the response it came in (for its `ETag`,
 * `Location`, `Idempotent-Replayed`), or `NotModified` for a 304; a refusal is thrown
 * as a `ProblemError` (a body that is not a problem document, e.g. from a proxy, as a
 * plain `Error`).
 */
export async function okResponse<T>(call: Promise<Answer<T>>): Promise<Fresh<T> | NotModified> {
  const answer = await call;
  if (answer.response.status === 304) {
    return { notModified: true, response: answer.response };
  }
  if (answer.error === undefined) {
    return { notModified: false, data: answer.data as T, response: answer.response };
  }
  const mediaType = answer.response.headers.get("Content-Type") ?? "";
  if (mediaType.startsWith(PROBLEM_MEDIA_TYPE) && isProblem(answer.error)) {
    throw new ProblemError(answer.error, answer.response);
  }
  throw new Error(
    `${answer.response.status} ${answer.response.statusText} from ${answer.response.url}: ` +
      `not a problem document (${mediaType || "no Content-Type"})`,
  );
}

/**
 * The body of a successful answer; a refusal is thrown as by `okResponse`. For a read
 * sent with `If-None-Match`, pass the body held with that ETag as `held`: a 304 answers
 * it (still the answer). A 304 with nothing held is an `Error`: no body came.
 */
export async function ok<T>(call: Promise<Answer<T>>, held?: T): Promise<T> {
  const answer = await okResponse(call);
  if (!answer.notModified) {
    return answer.data;
  }
  if (held === undefined) {
    throw new Error(`304 Not Modified from ${answer.response.url}, and no body held`);
  }
  return held;
}
