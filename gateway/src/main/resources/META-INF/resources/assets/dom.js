/**
 * DOM helpers of every page. Data only ever reaches the page as text (textContent, attribute
 * values), never as markup, so nothing a partner or admin typed can run as script.
 */

/**
 * Creates an element: el('a', {href: '/x', class: 'pp-button'}, 'text', otherNode).
 * attrs: `class`, `text`, `on<Event>` functions (e.g. onClick), `dataset` object, boolean
 * attributes (true sets, false/null/undefined omits) and plain string attributes.
 * Children: strings become text nodes; null/undefined/false are skipped; arrays are flattened.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = String(value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces a node's children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** document.querySelector shorthand. */
export const $ = (selector, root = document) => root.querySelector(selector);

/** Removes the field errors that showFieldErrors put into a form. */
export function clearFieldErrors(form) {
  for (const message of form.querySelectorAll('.pp-field-error')) {
    const control = form.querySelector(`[aria-describedby~="${message.id}"]`);
    if (control) {
      const rest = control.getAttribute('aria-describedby').split(/\s+/).filter(id => id !== message.id);
      if (rest.length) {
        control.setAttribute('aria-describedby', rest.join(' '));
      } else {
        control.removeAttribute('aria-describedby');
      }
      control.removeAttribute('aria-invalid');
    }
    message.remove();
  }
}

/**
 * Puts each field error of an ApiError beside its control (matched by the control's name, also
 * for nested fields such as "contacts[0].email" or "contact.email" when a control has that name),
 * marks the control aria-invalid and describes it by the message; focuses the first one.
 * Returns the errors that matched no control (show them in an alert).
 * `translate(field, message)` may return the message to show instead.
 */
export function showFieldErrors(form, apiError, translate = (field, message) => message) {
  clearFieldErrors(form);
  const unmatched = [];
  let first = null;
  for (const { field, message } of apiError.fields || []) {
    const control = findControl(form, field);
    if (!control) {
      unmatched.push({ field, message });
      continue;
    }
    const id = `${control.id || control.name}-error`;
    const text = el('p', { class: 'pp-field-error', id }, translate(field, message));
    const holder = control.closest('.pp-field, .pp-check') || control.parentElement;
    holder.appendChild(text);
    control.setAttribute('aria-invalid', 'true');
    const described = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    control.setAttribute('aria-describedby', [...described, id].join(' '));
    first = first || control;
  }
  if (first) {
    first.focus();
  }
  return unmatched;
}

function findControl(form, field) {
  if (!field) {
    return null;
  }
  const candidates = [field, field.replace(/\[(\d+)\]/g, '.$1'), field.split('.').pop()];
  for (const name of candidates) {
    const control = form.elements.namedItem(name);
    if (control instanceof Element) {
      return control;
    }
  }
  return null;
}

let toastRegion = null;

/** A short message in a polite live region (role=status); kind: info | success | error | warning. */
export function toast(message, kind = 'info', millis = 6000) {
  if (!toastRegion) {
    toastRegion = el('div', { class: 'pp-toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(toastRegion);
  }
  const item = el('div', { class: `pp-alert ${kind}` }, message);
  toastRegion.appendChild(item);
  setTimeout(() => item.remove(), millis);
  return item;
}

/** An inline alert box (role=alert for errors so screen readers announce it at once). */
export function alertBox(message, kind = 'error') {
  return el('div', { class: `pp-alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

/** The form's values as an object of trimmed strings (checkboxes: booleans); empty strings omitted. */
export function formValues(form) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name || control.disabled) {
      continue;
    }
    if (control.type === 'checkbox') {
      values[control.name] = control.checked;
    } else if (control.value.trim() !== '') {
      values[control.name] = control.value.trim();
    }
  }
  return values;
}

/** A date/time in the page's language. */
export function formatDate(iso, lang = document.documentElement.lang || 'en', withTime = true) {
  if (!iso) {
    return '';
  }
  const options = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(lang, options).format(new Date(iso));
}
