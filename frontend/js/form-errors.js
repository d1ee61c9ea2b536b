/**
 * A refused form shown where each reason belongs: a bad field's reason beside that field (the server names it, as
 * in a 400's `errors`), anything else in the form's alert box above it.
 * @module form-errors
 */

/** The control whose reason `slot` (an element with `data-error-for`) shows. */
function controlOf(slot) {
  return slot.closest('.field')?.querySelector('[data-path], input, select, textarea');
}

/**
 * Shows why `refused` (an `ApiError`) refused the form: each field error in its slot, the rest, or the whole
 * message when no field was named, in `box` after `heading`.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} box
 * @param {{message: string, fieldErrors?: {field: string, message: string}[]}} refused
 * @param {string} heading what failed ("The run was not launched:")
 */
export function showFieldErrors(form, box, refused, heading) {
  const unplaced = [];
  for (const error of refused.fieldErrors ?? []) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (slot) {
      slot.textContent = error.message;
      slot.closest('.field')?.classList.add('invalid');
      controlOf(slot)?.setAttribute('aria-invalid', 'true');
    } else {
      unplaced.push(error.message);
    }
  }
  if (!refused.fieldErrors?.length) {
    unplaced.push(refused.message);
  }
  box.hidden = unplaced.length === 0;
  box.textContent = unplaced.length ? `${heading} ${unplaced.join('; ')}` : '';
  const invalid = form.querySelector('.invalid [aria-invalid="true"]');
  invalid?.focus();
}

/**
 * Clears the reasons `showFieldErrors` showed, of the fields `which` picks (all by default), and hides `box`.
 * @param {HTMLFormElement} form
 * @param {HTMLElement} box
 * @param {(field: string) => boolean} [which]
 */
export function clearFieldErrors(form, box, which = () => true) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    if (which(slot.dataset.errorFor)) {
      slot.textContent = '';
      slot.closest('.field')?.classList.remove('invalid');
      controlOf(slot)?.removeAttribute('aria-invalid');
    }
  }
  box.hidden = true;
}
