/** A tiny element builder: enough to keep the views declarative without a framework. */
// printable.ts has no imports: like errors.ts, an engine value the page may use.
import { printable } from '../engine/printable.ts';

export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Listener = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Listener>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

/** `on*` props become listeners; true is a bare attribute; false/null/undefined are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Sentences that quote a file's contents (labels, names), made printable and folded under one
 * summary when there are more than a few: a project can have hundreds of them.
 */
export function foldedNotes(summary: (n: number) => string, notes: readonly string[], cls = 'warning'): HTMLElement | null {
  if (!notes.length) return null;
  const list = h('ul', { class: 'notes' }, notes.map((n) => h('li', { class: cls }, printable(n, 400))));
  return h('details', { class: 'more' }, h('summary', null, summary(notes.length)), list);
}
