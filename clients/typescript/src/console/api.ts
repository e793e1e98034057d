/**
 * The console's client of the public API: the same typed client as any integration
 * (../client.ts, types generated from docs/openapi.json), signed in by the session
 * cookie instead of a token. The browser sends the `HttpOnly` cookie by itself; this
 * module adds the session's CSRF token (held in memory only, never in storage) to every
 * request that changes something, and a fresh Idempotency-Key to every command, so a
 * double click or a retried request applies once.
 */
import createFetchClient from "openapi-fetch";

import { ok, okResponse, ProblemError, type JourneyClient } from "../client.js";
import type { components, paths } from "../schema.js";

export { ok, okResponse, ProblemError };
export type Schemas = components["schemas"];
export type Me = Schemas["Me"];

let csrfToken: string | null = null;
let onSessionEnded: () => void = () => undefined;

export const api: JourneyClient = createFetchClient<paths>({ baseUrl: "" });

api.use({
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD") {
      if (csrfToken !== null) {
        request.headers.set("X-CSRF-Token", csrfToken);
      }
      if (!request.headers.has("Idempotency-Key") && request.url.includes("/api/v1/")) {
        request.headers.set("Idempotency-Key", crypto.randomUUID());
      }
    }
    return request;
  },
  onResponse({ request, response }) {
    const signingIn = request.url.includes("/api/v1/sign-in");
    if (response.status === 401 && !signingIn && csrfToken !== null) {
      csrfToken = null;
      onSessionEnded();
    }
    return response;
  },
});

/** The session's token, from the sign-in answer or GET /api/v1/me. */
export function holdSession(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/** What to do when a request finds the session ended (idle time, sign-out elsewhere). */
export function whenSessionEnds(action: () => void): void {
  onSessionEnded = action;
}

/** Who is signed in, or null when nobody is (a 401). */
export async function whoIsSignedIn(): Promise<Me | null> {
  const answer = await api.GET("/api/v1/me");
  if (answer.response.status === 401) {
    return null;
  }
  const me = await ok(Promise.resolve(answer));
  holdSession(me.csrf_token);
  return me;
}

/** A record's version as an If-Match value, for a command on what the user saw. */
export function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"${version}"` };
}
