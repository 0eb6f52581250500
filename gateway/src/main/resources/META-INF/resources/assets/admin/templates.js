/**
 * For super admins: the e-mail templates (edit with a live preview filled with sample values),
 * the mail configuration's status (secret masked by the API) and a test e-mail.
 */
import { el, replace, toast } from '/assets/dom.js';
import { get, post, put } from '/assets/api.js';
import { screen, card, field, form, value, busy, table, when, query } from './common.js';

export async function render(main, { superAdmin }) {
  screen('Templates & mail');
  if (!superAdmin) {
    main.append(el('p', {}, 'Only a super admin manages templates and the mail configuration.'));
    return;
  }
  const [templates, config] = await Promise.all([get('/api/notifications/templates'), get('/api/notifications/config')]);
  const chosen = templates.items.find(t => `${t.key}/${t.lang}` === query().template) || templates.items[0];
  main.append(el('div', { class: 'grid-2' },
    card('Mail configuration', el('dl', { class: 'facts' },
      ...[['Server', `${config.host}:${config.port}${config.mock ? ' (mock: nothing is sent)' : ''}`],
        ['From', config.from], ['Login', config.username || '—'], ['Password', config.password || '—'],
        ['STARTTLS', config.startTls], ['Admin recipients', (config.adminRecipients || []).join(', ')],
        ['Last used', when(config.lastUsedAt)], ['Last success', when(config.lastSuccessAt)],
        ['Last failure', config.lastFailureAt ? `${when(config.lastFailureAt)}: ${config.lastError || ''}` : '—'],
        ['Sent / failures', `${config.sent} / ${config.failures}`]].flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v ?? '—')]))),
    card('Send a test e-mail', form([
      field('To', 'to', { type: 'email', required: true }),
      field('Language', 'lang', { options: [['en', 'English'], ['ar', 'العربية']] }),
    ], 'Send test e-mail', async (f, button) => {
      if (await busy(button, () => post('/api/notifications/test', { to: value(f, 'to'), lang: value(f, 'lang') }), f)) {
        toast('Test e-mail queued; see the delivery log.', 'success');
      }
    }, { 'aria-label': 'Send a test e-mail' }))),
  card('Templates', table('Templates', [
    ['Template', t => el('a', { href: `?template=${encodeURIComponent(`${t.key}/${t.lang}`)}`, 'aria-current': t === chosen ? 'true' : null }, t.key)],
    ['Language', t => t.lang], ['Category', t => t.category], ['Version', t => String(t.version)],
    ['Updated', t => (t.updatedBy ? `${when(t.updatedAt)} by ${t.updatedBy}` : when(t.updatedAt))]], templates.items)),
  chosen ? editor(chosen) : null);
}

function editor(t) {
  const preview = el('div', { 'aria-live': 'polite' });
  const f = form([
    field('Subject', 'subject', { value: t.subject, required: true }),
    field('Text body', 'textBody', { rows: 10, value: t.textBody, required: true }),
    field('HTML body', 'htmlBody', { rows: 8, value: t.htmlBody || '' }),
  ], 'Save template', async (formEl, button) => {
    const body = {
      subject: value(formEl, 'subject'), textBody: formEl.elements.namedItem('textBody').value,
      htmlBody: formEl.elements.namedItem('htmlBody').value || null,
      category: t.category, description: t.description, variables: t.variables,
    };
    const saved = await busy(button, () => put(`/api/notifications/templates/${encodeURIComponent(t.key)}/${encodeURIComponent(t.lang)}`, body), formEl);
    if (saved) {
      toast(`Saved as version ${saved.version}.`, 'success');
    }
  }, { 'aria-label': `Edit template ${t.key} (${t.lang})` });
  const update = () => replace(preview,
    el('p', {}, el('strong', {}, 'Subject: '), fill(f.elements.namedItem('subject').value, t.variables)),
    el('pre', { class: 'pp-scroll-box' }, fill(f.elements.namedItem('textBody').value, t.variables)),
    f.elements.namedItem('htmlBody').value
      ? el('div', { class: 'pp-scroll-box' }, textOf(fill(f.elements.namedItem('htmlBody').value, t.variables))) : null);
  f.addEventListener('input', update);
  update();
  return card(`Edit ${t.key} (${t.lang})`, el('p', { class: 'pp-muted' }, t.description || ''),
    el('p', {}, 'Variables: ', t.variables.map(v => `{${v.name}}${v.required ? '*' : ''}`).join(' ')),
    el('div', { class: 'grid-2' }, f, el('section', { 'aria-label': 'Preview' }, el('h3', {}, 'Preview with sample values'), preview)));
}

/** The template with each {name} (or legacy {{name}}) replaced by a sample, sections' tags removed. */
function fill(text, variables) {
  const known = new Set(variables.map(v => v.name));
  return text
    .replace(/\{\{?\s*([#/]|#else)?\s*(if|else|each|for)?\s*([A-Za-z][A-Za-z0-9_]*)?\s*\}?\}/g, (whole, mark, section, name) => {
      if (mark || section) {
        return '';
      }
      return known.has(name) ? `[${name}]` : whole;
    });
}

/** The text a mail client would show of an HTML body, parsed inertly (nothing runs, nothing loads). */
function textOf(html) {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent;
}
