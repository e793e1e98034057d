/**
 * The console's languages: Albanian (default), Serbian (Latin script) and English.
 * Messages are in translation files, one JSON catalog per language (locales/); the
 * English catalog's keys are the message ids, so a key missing from a catalog or
 * misspelled in the code is a type error. Dates and numbers are formatted with the
 * language's own conventions: by the browser (Intl) where it knows the language, else
 * from the catalog (Chromium's ICU has no Albanian: its month names are in sq.json and
 * its separators are CLDR's, a non-breaking space for thousands and a decimal comma).
 * Place names are the catalog's name in the language, else the API's.
 */
import en from "./locales/en.json";
import sq from "./locales/sq.json";
import sr from "./locales/sr.json";

export type MessageKey = keyof typeof en;
type Catalog = Record<MessageKey, string>;
export type Language = "sq" | "sr" | "en";

// Each catalog must have every key of the English one (checked by the compiler).
const CATALOGS: Record<Language, Catalog> = { sq, sr, en };
const LOCALES: Record<Language, string> = { sq: "sq-AL", sr: "sr-Latn-RS", en: "en-GB" };
export const LANGUAGES: readonly Language[] = ["sq", "sr", "en"];
const STORED = "journey.language";

let current: Language = chosenLanguage();

function chosenLanguage(): Language {
  const stored = window.localStorage.getItem(STORED);
  return LANGUAGES.find((language) => language === stored) ?? "sq";
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  window.localStorage.setItem(STORED, next);
  document.documentElement.lang = next;
}

/** The message in the current language, each `{name}` in it replaced by `values.name`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const template = CATALOGS[current][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    return value === undefined ? `{${name}}` : formatValue(value);
  });
}

function formatValue(value: string | number): string {
  return typeof value === "number" ? formatNumber(value) : value;
}

/** Whether the browser formats dates and numbers of the current language itself. */
function browserKnows(): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([LOCALES[current]]).length > 0;
}

export function formatNumber(value: number): string {
  if (browserKnows()) {
    return new Intl.NumberFormat(LOCALES[current]).format(value);
  }
  const [whole = "", fraction] = new Intl.NumberFormat("en", { useGrouping: true }).format(value).split(".");
  const grouped = whole.replace(/,/g, "\u00a0");
  return fraction === undefined ? grouped : `${grouped},${fraction}`;
}

/** `5 janar 2026`: the catalog's month names, for a language the browser lacks. */
function spelledDay(year: number, month: number, date: number): string {
  return `${date} ${t(`month.${month}` as MessageKey)} ${year}`;
}

/** A calendar day (`2026-03-21`) as the language writes it. */
export function formatDay(day: string | null | undefined): string {
  if (!day) {
    return "—";
  }
  const [year, month, date] = day.slice(0, 10).split("-").map(Number);
  if (year === undefined || month === undefined || date === undefined) {
    return day;
  }
  if (!browserKnows()) {
    return spelledDay(year, month, date);
  }
  const format = new Intl.DateTimeFormat(LOCALES[current], {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
  return format.format(new Date(Date.UTC(year, month - 1, date)));
}

/** An instant, in Kosovo's time, as the language writes it. */
export function formatInstant(instant: string | null | undefined): string {
  if (!instant) {
    return "—";
  }
  const at = new Date(instant);
  if (!browserKnows()) {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: "Europe/Belgrade",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
    const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    const time = `${String(part("hour")).padStart(2, "0")}:${String(part("minute")).padStart(2, "0")}`;
    return `${spelledDay(part("year"), part("month"), part("day"))}, ${time}`;
  }
  const format = new Intl.DateTimeFormat(LOCALES[current], {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/Belgrade",
  });
  return format.format(at);
}

/** A vocabulary value (`case_plan`) by its message when there is one, else readable. */
export function term(value: string | null | undefined): string {
  if (!value) {
    return "—";
  }
  const key = `term.${value}`;
  return key in en ? t(key as MessageKey) : value.replace(/_/g, " ");
}

/** A municipality by its code (`19`) in the language, else the API's (Albanian) name. */
export function place(code: string | null | undefined, albanian: string | null | undefined): string {
  const key = `place.${code ?? ""}`;
  return key in en ? t(key as MessageKey) : (albanian ?? "—");
}
