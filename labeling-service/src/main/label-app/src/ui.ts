/** Small DOM helpers, messages, the keyboard shortcut registry and its help dialog (`?`). */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, any> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'style' && typeof v === 'object') {
      Object.assign(el.style, v);
    } else if (k in el && typeof v !== 'string') {
      (el as any)[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c == null || c === false) {
      continue;
    }
    el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) {
    el.firstChild.remove();
  }
}

/** Shows a message; errors stay until dismissed, others fade. */
export function message(kind: 'info' | 'ok' | 'error', text: string): void {
  const box = document.getElementById('messages')!;
  const m = h(
    'div',
    { class: `message ${kind}`, role: kind === 'error' ? 'alert' : undefined, 'data-kind': kind },
    h('span', {}, text),
    h('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss', onclick: () => m.remove() }, '×'),
  );
  box.append(m);
  if (kind !== 'error') {
    setTimeout(() => m.remove(), 6000);
  }
}

/** Clears the messages of the screen that is left. */
export function clearMessages(): void {
  document.getElementById('messages')?.replaceChildren();
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs an action, showing its failure (the page and its unsaved work stay as they are). */
export async function attempt<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    console.error(what, e);
    message('error', `${what} failed: ${errorText(e)}`);
    return undefined;
  }
}

interface Shortcut {
  keys: string;
  what: string;
  run: (e: KeyboardEvent) => void;
}

let shortcuts: Shortcut[] = [];
const global: Shortcut[] = [];

/** Shortcuts of the current screen (replaced when the screen changes). */
export function setShortcuts(list: Shortcut[]): void {
  shortcuts = list;
}

export function globalShortcut(s: Shortcut): void {
  global.push(s);
}

function keyName(e: KeyboardEvent): string {
  return (e.ctrlKey || e.metaKey ? 'Ctrl+' : '') + (e.shiftKey && e.key.length > 1 ? 'Shift+' : '') + e.key;
}

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement;
  const typing =
    t &&
    ((t.tagName === 'INPUT' && !['radio', 'checkbox', 'range', 'button'].includes((t as HTMLInputElement).type)) ||
      t.tagName === 'TEXTAREA' ||
      t.tagName === 'SELECT' ||
      t.isContentEditable);
  if (typing) {
    if (e.key === 'Escape') {
      t.blur();
    }
    return;
  }
  const k = keyName(e);
  const s = [...shortcuts, ...global].find((x) => x.keys.split(' / ').some((alt) => alt === k));
  if (s) {
    e.preventDefault();
    s.run(e);
  }
});

export function showHelp(): void {
  const existing = document.getElementById('help');
  if (existing) {
    (existing as HTMLDialogElement).close();
    existing.remove();
    return;
  }
  const rows = [...shortcuts, ...global].map((s) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, s.keys)), h('td', {}, s.what)));
  const d = h(
    'dialog',
    { id: 'help', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
    h('table', {}, h('tbody', {}, ...rows)),
    h('p', {}, 'Right-click the image for window presets. Mouse: left drag = the active tool (window by default), middle drag = pan, Shift + left drag = zoom, wheel = slices.'),
    h('button', { type: 'button', onclick: () => showHelp(), autofocus: true }, 'Close'),
  ) as HTMLDialogElement;
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
}

/** A context menu at the pointer; Escape or a click elsewhere closes it. */
export function contextMenu(x: number, y: number, items: { label: string; run: () => void }[]): void {
  document.getElementById('context-menu')?.remove();
  const menu = h('ul', { id: 'context-menu', role: 'menu', style: { left: `${x}px`, top: `${y}px` } });
  const close = () => {
    menu.remove();
    document.removeEventListener('pointerdown', outside, true);
  };
  const outside = (e: Event) => {
    if (!menu.contains(e.target as Node)) {
      close();
    }
  };
  items.forEach((it, i) => {
    const b = h('button', { type: 'button', role: 'menuitem', tabindex: i === 0 ? 0 : -1 }, it.label);
    b.addEventListener('click', () => {
      close();
      it.run();
    });
    b.addEventListener('keydown', (e) => {
      const all = [...menu.querySelectorAll('button')];
      const at = all.indexOf(b);
      if (e.key === 'ArrowDown') all[(at + 1) % all.length].focus();
      else if (e.key === 'ArrowUp') all[(at - 1 + all.length) % all.length].focus();
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    menu.append(h('li', { role: 'none' }, b));
  });
  document.body.append(menu);
  document.addEventListener('pointerdown', outside, true);
  (menu.querySelector('button') as HTMLButtonElement).focus();
}

export function fmtDate(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d;
}
