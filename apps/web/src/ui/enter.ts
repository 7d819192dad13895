import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

const NOT_TYPED = ['button', 'submit', 'reset', 'checkbox', 'radio', 'file', 'image', 'range', 'color'];

/** The fields of a form the keyboard can reach (buttons that act are skipped; a rating's choices are not), in the order Tab visits them. */
function fields(form: HTMLFormElement): HTMLElement[] {
  return Array.from(form.querySelectorAll<HTMLElement>('input, select, textarea, [role="radio"]')).filter(
    (c) => c.tabIndex >= 0 && !c.matches(':disabled') && c.getClientRects().length > 0,
  );
}

/**
 * Enter in a form's text field: a browser submits the form at once, half filled or not (and a
 * Chinese input method's Enter, which only confirms the characters typed, must not act at all).
 * Here Enter submits only a form that is complete; otherwise it moves on to the next field, so
 * a form is filled from the keyboard field by field and sent from its button or once complete.
 * For a form's `onKeyDown`; a field that handles Enter itself calls preventDefault first.
 */
export function enterMovesOn(isComplete: () => boolean) {
  return (e: ReactKeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter' || e.defaultPrevented || e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const field = e.target;
    if (!(field instanceof HTMLInputElement) || NOT_TYPED.includes(field.type)) return;
    e.preventDefault();
    const form = e.currentTarget;
    if (isComplete()) return form.requestSubmit();
    const controls = fields(form);
    const next = controls[controls.indexOf(field) + 1];
    next?.focus();
  };
}

/** A required field of a form (Field marks them aria-required) that is still empty. */
function missing(form: HTMLFormElement): boolean {
  return Array.from(
    form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[aria-required="true"], [required]'),
  ).some((c) => 'value' in c && !c.matches(':disabled') && c.value.trim() === '');
}

/**
 * The same for every other form of the UI (sign-in, staff, findings, opinions, accounts, policy…),
 * once for the whole document: Enter in a text field of a form with a required field still empty
 * moves on to the next field instead of sending it; a form whose required fields are all filled
 * is left to the browser. A form with its own rule (`enterMovesOn`) has handled the key already.
 */
export function enterMovesOnEverywhere(doc: Document): void {
  doc.addEventListener('keydown', (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing || e.keyCode === 229) return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const field = e.target;
    if (!(field instanceof HTMLInputElement) || NOT_TYPED.includes(field.type) || !field.form) return;
    if (!missing(field.form)) return;
    e.preventDefault();
    const controls = fields(field.form);
    controls[controls.indexOf(field) + 1]?.focus();
  });
}
