/**
 * Forms: every input has a label; a refusal of the API is shown next to the field it
 * names (`field` of the problem document) and announced to screen readers, or above
 * the form when it names none. The server validates; the console adds no rule of its own.
 */
import { h, type Child } from "./dom.js";
import { t, type MessageKey } from "./i18n.js";
import { ProblemError } from "./api.js";

export interface FieldSpec {
  name: string;
  label: MessageKey;
  kind?: "text" | "textarea" | "date" | "number" | "select" | "password" | "file" | "checkbox";
  options?: readonly (readonly [string, string])[];
  required?: boolean;
  value?: string;
  autocomplete?: string;
}

export interface Form {
  element: HTMLFormElement;
  value(name: string): string;
  checked(name: string): boolean;
  file(name: string): File | undefined;
  showProblem(error: unknown): void;
  clearProblems(): void;
}

/** A form of `fields`; `submit` runs on submission and its refusals are shown. */
export function form(
  id: string,
  fields: FieldSpec[],
  submitLabel: MessageKey,
  submit: (form: Form) => Promise<void>,
): Form {
  const summary = h("div", { class: "form-error", role: "alert", id: `${id}-error` });
  const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();
  const rows: Child[] = fields.map((spec) => {
    const input = control(id, spec);
    const error = h("p", { class: "field-error", id: `${id}-${spec.name}-error` });
    inputs.set(spec.name, input);
    errors.set(spec.name, error);
    input.setAttribute("aria-describedby", error.id);
    const label = h("label", { for: input.id }, t(spec.label));
    return h("div", { class: `field field-${spec.kind ?? "text"}` }, label, input, error);
  });
  const send = h("button", { type: "submit" }, t(submitLabel));
  const element = h("form", { id, novalidate: true }, summary, ...rows, send);
  const built: Form = {
    element,
    value: (name) => inputs.get(name)?.value.trim() ?? "",
    checked: (name) => (inputs.get(name) as HTMLInputElement | undefined)?.checked ?? false,
    file: (name) => (inputs.get(name) as HTMLInputElement | undefined)?.files?.[0],
    showProblem: (error) => showProblem(error, summary, inputs, errors),
    clearProblems: () => {
      summary.textContent = "";
      for (const [name, message] of errors) {
        message.textContent = "";
        inputs.get(name)?.removeAttribute("aria-invalid");
      }
    },
  };
  element.addEventListener("submit", (event) => {
    event.preventDefault();
    built.clearProblems();
    send.disabled = true;
    submit(built)
      .catch((error: unknown) => built.showProblem(error))
      .finally(() => {
        send.disabled = false;
      });
  });
  return built;
}

function control(
  formId: string,
  spec: FieldSpec,
): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const id = `${formId}-${spec.name}`;
  const common = { id, name: spec.name, required: spec.required ?? false };
  if (spec.kind === "textarea") {
    const area = h("textarea", { ...common, rows: "4" });
    area.value = spec.value ?? "";
    return area;
  }
  if (spec.kind === "select") {
    const options = (spec.options ?? []).map(([value, text]) => h("option", { value }, text));
    const select = h("select", common, ...options);
    if (spec.value !== undefined) {
      select.value = spec.value;
    }
    return select;
  }
  const kind = spec.kind ?? "text";
  const input = h("input", { ...common, type: kind, autocomplete: spec.autocomplete });
  if (spec.value !== undefined) {
    input.value = spec.value;
  }
  return input;
}

function showProblem(
  error: unknown,
  summary: HTMLElement,
  inputs: Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>,
  errors: Map<string, HTMLElement>,
): void {
  if (!(error instanceof ProblemError)) {
    summary.textContent = t("error.unexpected", { what: String(error) });
    return;
  }
  // `field` is a JSON path (`details.municipality`, `reach.participants[0].count`): the
  // form's field is the whole path, its first or its last member
  const path = error.problem.field ?? "";
  const members = path.split(".").map((member) => member.replace(/\[\d+\]$/, ""));
  const name = [path, members[0] ?? "", members.at(-1) ?? ""].find((candidate) => errors.has(candidate));
  const detail = error.problem.detail;
  if (name === undefined) {
    summary.textContent = `${error.problem.title}: ${detail}`;
    return;
  }
  errors.get(name)!.textContent = detail;
  const input = inputs.get(name);
  input?.setAttribute("aria-invalid", "true");
  input?.focus();
  summary.textContent = t("error.see_fields");
}

/** Today in Kosovo, as the API's calendar days are (`YYYY-MM-DD`). */
export function today(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Belgrade",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}
