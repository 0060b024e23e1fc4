import { api, problemText, type Answer } from './api.js';
import { byId } from './dom.js';

/**
 * The API's field errors next to their fields, for a form whose controls are named after the
 * body's fields (`body.budgetFen` → the control named `budgetFen`; `body.stations.0.name` →
 * `stations`) and each described by an element `#{control id}-error`. What names no control goes
 * to the form's `#{form id}-error`; the first bad control gets the focus.
 */
export function showFieldErrors(form: HTMLFormElement, answer: Answer): void {
  clearFieldErrors(form);
  const messages = new Map<HTMLElement, string[]>();
  const unplaced: string[] = [];
  for (const error of answer.body.errors ?? []) {
    const [where, field] = error.path.split('.');
    const control = where === 'body' && field ? form.elements.namedItem(field) : null;
    if (control instanceof HTMLElement) messages.set(control, [...(messages.get(control) ?? []), error.message]);
    else unplaced.push(`${error.path}: ${error.message}`);
  }
  for (const [control, texts] of messages) {
    byId(`${control.id}-error`).textContent = texts.join('；');
    control.setAttribute('aria-invalid', 'true');
  }
  byId(`${form.id}-error`).textContent = unplaced.join('；') || (messages.size === 0 ? problemText(answer) : '');
  [...messages.keys()][0]?.focus();
}

/** Clears what `showFieldErrors` showed, before the next attempt or after a success. */
export function clearFieldErrors(form: HTMLFormElement): void {
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    byId(`${control.id}-error`).textContent = '';
  }
  byId(`${form.id}-error`).textContent = '';
}

/**
 * Wires a form that creates something: on submit it POSTs `body` (built from the form's controls
 * by name) to `path` with an Idempotency-Key, so a double click creates one. A 201 clears the
 * form and hands the created thing to `created`; anything else shows the API's errors.
 */
export function creatingForm<T>(form: HTMLFormElement, path: string, token: string, body: (control: (name: string) => HTMLInputElement) => object, created: (thing: T) => unknown): void {
  const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await api<T>('POST', path, { token, body: body(control), idempotent: true });
    if (answer.status !== 201) return showFieldErrors(form, answer);
    clearFieldErrors(form);
    form.reset();
    await created(answer.body);
  });
}
