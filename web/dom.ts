// Building DOM without HTML strings: text always goes in as text (textContent / text nodes), so user
// text (quotes, sources, notes) can never become markup. No innerHTML anywhere in web/.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** h('td', { class: 'num' }, '61') — attributes set with setAttribute, `on<event>` as listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/** A table with a caption, header row and body rows (cells are DOM children). */
export function table(caption: string | null, head: Child[], rows: Child[][], attrs: Attrs = {}): HTMLTableElement {
  return h('table', attrs,
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => (c instanceof HTMLTableCellElement ? c : h('td', {}, c)))))));
}

/** A button that opens a report: shows `label`, keyboard reachable, data-report-id for tests. */
export function reportButton(label: string, ids: number[], open: (ids: number[]) => void, title?: string): HTMLButtonElement {
  return h('button', {
    type: 'button', class: 'link-button', 'data-report-ids': ids.join(','),
    title: title ?? (ids.length === 1 ? `Open report #${ids[0]}` : `Open reports ${ids.map((i) => `#${i}`).join(', ')}`),
    onclick: () => open(ids),
  }, label);
}

/** A short message in place of a chart or table (empty, loading, error). */
export function message(kind: 'empty' | 'loading' | 'error', text: string): HTMLParagraphElement {
  return h('p', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : null }, text);
}

/** Fills a <select> with options and picks `value`. */
export function fillSelect(select: HTMLSelectElement, options: { value: string; label: string }[], value: string): void {
  replace(select, ...options.map((o) => h('option', { value: o.value }, o.label)));
  select.value = value;
}
