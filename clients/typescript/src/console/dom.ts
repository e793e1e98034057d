/**
 * Building the page: elements made with text content only (never HTML from data), so
 * nothing the API answers can become markup or script. Content-Security-Policy forbids
 * inline script anyway (adapters/http/console/__init__.py).
 */

export type Child = Node | string | null | undefined | false;
export type Attributes = Record<string, string | boolean | undefined>;

/** `<tag attr=…>children</tag>`; a `false`/`undefined` attribute or child is left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      element.setAttribute(name, "");
    } else if (typeof value === "string") {
      element.setAttribute(name, value);
    }
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
}

/** Replaces what `parent` holds with `children`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A table with a caption, headers and rows of cells (text or nodes). */
export function table(caption: string, headers: string[], rows: Child[][]): HTMLTableElement {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...headers.map((name) => h("th", { scope: "col" }, name)))),
    h("tbody", {}, ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell))))),
  );
}

/** A link inside the console (hash route). */
export function link(route: string, text: string): HTMLAnchorElement {
  return h("a", { href: `#${route}` }, text);
}

export function button(text: string, onClick: () => void, kind = "button"): HTMLButtonElement {
  const element = h("button", { type: kind }, text);
  element.addEventListener("click", onClick);
  return element;
}
