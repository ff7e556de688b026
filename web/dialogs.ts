// Modal dialogs for the write controls: a <dialog> opened with showModal (the browser traps focus in
// it and Escape closes it), focus moved to a chosen control on open and given back to the control
// that opened it on close. Built with createElement only (dom.ts).
import { byId, h, replace } from './dom';

let counter = 0;

export interface Modal {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  /** Buttons along the bottom (stays in view on a phone). */
  foot: HTMLElement;
  setTitle(text: string): void;
  close(): void;
}

export interface ModalOptions {
  title: string;
  /** An id for the <dialog>, for tests and styling. */
  id: string;
  wide?: boolean;
  /** Called once the dialog has closed (Escape, the Close button or close()). */
  onClose?: () => void;
}

/** Opens a modal dialog; the caller fills `body` and `foot`, then calls `focus` on what comes first. */
export function openModal(o: ModalOptions): Modal {
  document.getElementById(o.id)?.remove();
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body
    ? document.activeElement : null;
  const titleId = `modal-title-${++counter}`;
  const title = h('h2', { id: titleId }, o.title);
  const body = h('div', { class: 'modal-body' });
  const foot = h('div', { class: 'modal-foot' });
  const dialog = h('dialog', { id: o.id, class: `modal${o.wide ? ' modal-wide' : ''}`, 'aria-labelledby': titleId },
    h('div', { class: 'modal-head' }, title,
      h('button', { type: 'button', class: 'button button-quiet modal-close', 'aria-label': `Close “${o.title}”`, onclick: () => dialog.close() }, 'Close')),
    body, foot);
  dialog.addEventListener('close', () => {
    dialog.remove();
    o.onClose?.();
    // Back to the control that opened it, when it is still on the page; else to the main region.
    if (opener && opener.isConnected && !opener.closest('dialog:not([open])')) opener.focus();
    else if (!document.querySelector('dialog[open]')) byId('main').focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return {
    dialog, body, foot,
    setTitle: (text: string) => replace(title, text),
    close: () => dialog.close(),
  };
}

/** Asks a yes/no question in a modal; resolves true only on the confirming button. Cancel has focus. */
export function confirmModal(o: { id: string; title: string; text: (Node | string)[]; confirm: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const m = openModal({ id: o.id, title: o.title, onClose: () => resolve(answer) });
    m.body.append(...o.text.map((t) => (typeof t === 'string' ? h('p', {}, t) : t)));
    const cancel = h('button', { type: 'button', class: 'button button-quiet', onclick: () => m.close() }, 'Cancel');
    const ok = h('button', {
      type: 'button', class: `button${o.danger ? ' button-danger' : ''}`, 'data-confirm': 'yes',
      onclick: () => {
        answer = true;
        m.close();
      },
    }, o.confirm);
    m.foot.append(ok, cancel);
    cancel.focus();
  });
}

/** The label/control/hint/error block of one form field, with ids tying them together for screen readers. */
export interface FieldParts {
  wrap: HTMLElement;
  error: HTMLElement;
  hint: HTMLElement | null;
}

export function fieldBlock(id: string, label: string | Node, control: HTMLElement, hintText?: string | Node, extraClass = ''): FieldParts {
  const hint = hintText ? h('p', { class: 'form-hint', id: `${id}-hint` }, hintText) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
  const wrap = h('div', { class: `form-field ${extraClass}`.trim(), 'data-field': id },
    h('label', { for: id }, label), control, hint, error);
  return { wrap, error, hint };
}

/** Shows messages in a field's error slot (empty: hides it) and marks the control invalid. */
export function setFieldError(parts: { error: HTMLElement }, controls: HTMLElement[], messages: string[]): void {
  replace(parts.error, messages.join('; '));
  parts.error.hidden = messages.length === 0;
  for (const c of controls) {
    if (messages.length) c.setAttribute('aria-invalid', 'true');
    else c.removeAttribute('aria-invalid');
  }
}
