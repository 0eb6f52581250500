/**
 * What every console screen shares: the tier badge, stage names, money and dates, the page title,
 * and one way to report a failed call (field errors beside their fields, anything else as an alert).
 */
import { el, replace, showFieldErrors, toast, alertBox, formatDate } from '/assets/dom.js';

export const STAGES = [
  ['draft', 'Draft'], ['proposal_sent', 'Proposal sent'], ['meeting_scheduled', 'Meeting scheduled'],
  ['nda_signed', 'NDA signed'], ['mou_signed', 'MoU signed'], ['active', 'Active'], ['on_hold', 'On hold'],
];
export const TIERS = [
  ['platinum', 'Platinum'], ['gold', 'Gold'], ['silver', 'Silver'], ['bronze', 'Bronze'], ['community', 'Community'],
];

const STAGE_LABELS = Object.fromEntries(STAGES);

export function stageLabel(key) {
  return STAGE_LABELS[key] || key || '';
}

/** The tier badge in the seed's colour (ui.css .pp-tier.<key>). */
export function tierBadge(key, label) {
  const known = TIERS.some(([k]) => k === key);
  return el('span', { class: `pp-tier ${known ? key : ''}` }, label || key || '—');
}

export function stageChip(key) {
  return el('span', { class: 'stage-chip' }, stageLabel(key));
}

export function money(amount) {
  if (amount === null || amount === undefined) {
    return '—';
  }
  return new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(Number(amount));
}

export const when = iso => (iso ? formatDate(iso, 'en') : '—');
export const day = iso => (iso ? formatDate(iso, 'en', false) : '—');

/** The main area, emptied and given a heading; answers the main element. */
export function screen(title, ...extra) {
  document.title = `${title} · Partner Portal`;
  const main = document.getElementById('main');
  replace(main, el('h1', {}, title), ...extra);
  return main;
}

/** Shows a failed call: beside the fields of `form` when it names them, otherwise as an alert. */
export function report(error, form = null) {
  if (form && error.fields && error.fields.length) {
    const unmatched = showFieldErrors(form, error);
    const box = form.querySelector('.form-alert');
    const text = unmatched.length
      ? `Please correct: ${unmatched.map(f => `${f.field} ${f.message}`).join('; ')}`
      : 'Please correct the highlighted fields.';
    if (box) {
      replace(box, alertBox(text));
    } else {
      toast(text, 'error');
    }
    return;
  }
  if (error.status === 401) {
    toast('Your session has ended; signing you in again…', 'warning');
    setTimeout(() => window.location.assign(window.location.pathname + window.location.search), 1500);
    return;
  }
  const message = error.detail || error.title || error.message || 'Something went wrong.';
  if (form && form.querySelector('.form-alert')) {
    replace(form.querySelector('.form-alert'), alertBox(message));
  } else {
    toast(message, 'error', 9000);
  }
}

/**
 * Runs `action` with the button disabled, reporting a failure. Answers the action's result (true
 * for an empty answer such as 204), or false when it failed.
 */
export async function busy(button, action, form = null) {
  if (button) {
    button.disabled = true;
  }
  try {
    return (await action()) ?? true;
  } catch (e) {
    report(e, form);
    return false;
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}

let fieldCounter = 0;

/**
 * A labelled form field: field('Name', 'name', {required: true}) or with `options` ([value, label]
 * pairs) for a select, `rows` for a textarea, `hint` for a hint linked by aria-describedby.
 */
export function field(label, name, options = {}) {
  const id = `f-${name.replace(/[^A-Za-z0-9]/g, '-')}-${++fieldCounter}`;
  const { options: choices, rows, hint, value, type = 'text', ...attrs } = options;
  let control;
  if (choices) {
    control = el('select', { id, name, ...attrs },
      choices.map(([v, text]) => el('option', { value: v, selected: String(value ?? '') === String(v) }, text)));
  } else if (rows) {
    control = el('textarea', { id, name, rows, ...attrs });
    control.value = value ?? '';
  } else {
    control = el('input', { id, name, type, ...attrs });
    if (value !== undefined && value !== null) {
      control.value = value;
    }
  }
  const hintEl = hint ? el('span', { class: 'pp-hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) {
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return el('div', { class: 'pp-field' }, el('label', { for: id }, label), control, hintEl);
}

export function checkbox(label, name, checked = false) {
  const id = `f-${name.replace(/[^A-Za-z0-9]/g, '-')}-${++fieldCounter}`;
  return el('div', { class: 'pp-check' },
    el('input', { type: 'checkbox', id, name, checked }), el('label', { for: id }, label));
}

/** A form with an alert slot and a submit button; onSubmit(form, button) is awaited. */
export function form(children, submitLabel, onSubmit, attrs = {}) {
  const button = el('button', { type: 'submit' }, submitLabel);
  const f = el('form', { novalidate: true, ...attrs }, el('div', { class: 'form-alert' }), children, el('div', { class: 'pp-row' }, button));
  f.addEventListener('submit', async event => {
    event.preventDefault();
    replace(f.querySelector('.form-alert'));
    await onSubmit(f, button);
  });
  return f;
}

/** The value of a named control, trimmed; null when empty. */
export function value(formEl, name) {
  const control = formEl.elements.namedItem(name);
  if (!control) {
    return null;
  }
  if (control.type === 'checkbox') {
    return control.checked;
  }
  const v = control.value.trim();
  return v === '' ? null : v;
}

/** A table: columns = [[heading, row => cell]], rows = data. */
export function table(caption, columns, rows, empty = 'Nothing here yet.') {
  if (!rows || rows.length === 0) {
    return el('p', { class: 'pp-muted' }, empty);
  }
  // a wide table scrolls sideways on a phone: the region takes focus so a keyboard can scroll it
  return el('div', { class: 'pp-table-wrap', tabindex: '0', role: 'region', 'aria-label': caption }, el('table', { class: 'pp-table' },
    el('caption', { class: 'pp-visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, columns.map(([heading]) => el('th', { scope: 'col' }, heading)))),
    el('tbody', {}, rows.map(row => el('tr', {}, columns.map(([, cell]) => el('td', {}, cell(row))))))));
}

/** A section card with a heading. */
export function card(title, ...children) {
  return el('section', { class: 'pp-card' }, el('h2', {}, title), children);
}

/** The query string of the current address as an object. */
export function query() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}

/** `/api/...?k=v` from a path and the non-empty entries of params. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
