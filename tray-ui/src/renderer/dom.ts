// Tiny DOM builder. Text goes in through textContent only, never innerHTML: nothing from the
// status (check reasons, command lines) can become markup.

type Child = Node | string | null | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node as T;
}

function list(items: readonly string[], className = ''): HTMLUListElement {
  return el('ul', className ? { class: className } : {}, ...items.map((item) => el('li', {}, item)));
}

/** Result as text + shape (the symbol), so it never depends on seeing colour. */
function badge(
  kind: BadgeKind | 'compliant' | 'warning' | 'noncompliant',
  label: string,
  icon: string,
): HTMLSpanElement {
  return el(
    'span',
    { class: 'badge', 'data-kind': kind, role: 'img', 'aria-label': label },
    el('img', { src: icon, alt: '', width: '16', height: '16' }),
    el('span', { 'aria-hidden': 'true' }, label),
  );
}
