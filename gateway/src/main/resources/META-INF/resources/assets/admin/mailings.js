/**
 * Mass mailings: pick a mass-mail template, choose the audience (tiers, stages, tags), fill the
 * template's own variables, preview (how many, to whom, the first message as rendered), send; then
 * follow the mailing's progress and its delivery log (?mailing=<id>). A send carries an
 * Idempotency-Key made when the form is drawn, so a double click or a retry sends nothing twice.
 */
import { el, replace, toast } from '/assets/dom.js';
import { get, post } from '/assets/api.js';
import { screen, card, field, checkbox, form, value, busy, table, when, query, withQuery, STAGES, TIERS } from './common.js';

const PERSONAL = ['contactName', 'contactEmail', 'partnerName', 'tier', 'stage'];
const REFRESH_MS = 3000;

export async function render(main) {
  const q = query();
  if (q.mailing) {
    await progress(main, q.mailing);
    return;
  }
  const [templates, mailings] = await Promise.all([
    get('/api/notifications/mailings/templates'), get('/api/notifications/mailings'),
  ]);
  screen('Mass mailing');
  const previewBox = el('div', { id: 'mailing-preview', 'aria-live': 'polite' });
  const variablesHint = el('span', {});
  const key = `mailing-${crypto.randomUUID ? crypto.randomUUID() : Date.now()}`;
  const mailingForm = form([
    field('Template', 'template', {
      options: [['', 'Choose a template…'], ...templates.map(t => [`${t.key}|${t.lang}`, `${t.key} (${t.lang})${t.description ? ` — ${t.description}` : ''}`])],
      required: true,
    }),
    el('fieldset', {}, el('legend', {}, 'Tiers'), el('div', { class: 'pp-row' }, TIERS.map(([k, label]) => checkbox(label, `tier-${k}`)))),
    el('fieldset', {}, el('legend', {}, 'Stages'), el('div', { class: 'pp-row' }, STAGES.map(([k, label]) => checkbox(label, `stage-${k}`)))),
    field('Tags', 'tags', { hint: 'Comma-separated, e.g. alumni-partner, robotics; partners with any of them' }),
    field('Template values', 'variables', { rows: 3, hint: 'One per line: name = value, for the template\'s own variables' }),
    variablesHint,
  ], 'Send mailing', async (f, button) => {
    const body = request(f, templates);
    if (!body) {
      return;
    }
    const sent = await busy(button, () => post('/api/notifications/mailings', body, { headers: { 'Idempotency-Key': key } }), f);
    if (sent) {
      window.location.assign(withQuery('/admin/mailings', { mailing: sent.id }));
    }
  }, { 'aria-label': 'New mass mailing' });
  const previewButton = el('button', { type: 'button', class: 'secondary', id: 'mailing-preview-button' }, 'Preview');
  mailingForm.querySelector('button[type=submit]').parentElement.prepend(previewButton);
  previewButton.addEventListener('click', async () => {
    const body = request(mailingForm, templates);
    if (!body) {
      return;
    }
    const p = await busy(previewButton, () => post('/api/notifications/mailings/preview', body), mailingForm);
    if (p) {
      replace(previewBox, previewCard(p));
    }
  });
  mailingForm.elements.namedItem('template').addEventListener('change', event => {
    const t = chosen(event.target.value, templates);
    const own = t ? t.variables.filter(v => !PERSONAL.includes(v)) : [];
    const area = mailingForm.elements.namedItem('variables');
    if (!area.value.trim() && own.length) {
      area.value = own.map(v => `${v} = `).join('\n');
    }
    variablesHint.textContent = t ? `Filled for each recipient: ${t.variables.filter(v => PERSONAL.includes(v)).join(', ') || 'nothing'}.` : '';
  });
  main.append(el('div', { class: 'grid-2' }, card('New mailing', mailingForm), previewBox),
    card('Recent mailings', table('Recent mailings', [
      ['Sent', m => when(m.createdAt)], ['Template', m => el('a', { href: withQuery('/admin/mailings', { mailing: m.id }) }, m.template)],
      ['Audience', m => audience(m)], ['Recipients', m => String(m.recipients)],
      ['Delivered', m => `${m.deliveries.sent} sent, ${m.deliveries.failed} failed`]], mailings.items, 'No mailing yet.')));
}

function chosen(v, templates) {
  const [k, lang] = (v || '').split('|');
  return templates.find(t => t.key === k && t.lang === lang) || null;
}

/** The API body from the form, or null (and the reason shown) when no template is chosen. */
function request(f, templates) {
  const t = chosen(value(f, 'template'), templates);
  if (!t) {
    toast('Choose a template.', 'error');
    f.elements.namedItem('template').focus();
    return null;
  }
  const variables = {};
  for (const line of (value(f, 'variables') || '').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && line.slice(at + 1).trim()) {
      variables[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
  }
  return {
    template: t.key, lang: t.lang,
    tiers: TIERS.map(([k]) => k).filter(k => value(f, `tier-${k}`)),
    stages: STAGES.map(([k]) => k).filter(k => value(f, `stage-${k}`)),
    tags: (value(f, 'tags') || '').split(',').map(s => s.trim()).filter(Boolean),
    variables,
  };
}

function previewCard(p) {
  return card('Preview',
    el('p', { id: 'mailing-preview-count' }, `${p.recipients} recipient(s)${p.skippedPartnerIds.length ? `; ${p.skippedPartnerIds.length} partner(s) without a contact address are left out` : ''}.`),
    p.renderErrors.length ? el('div', { class: 'pp-alert error', role: 'alert' }, p.renderErrors.join('; ')) : null,
    p.subject ? el('p', {}, el('strong', {}, 'Subject: '), p.subject) : null,
    p.text ? el('pre', { class: 'mail-preview' }, p.text) : null,
    table('First recipients', [['E-mail', r => r.email], ['Contact', r => r.contactName || '—'], ['Partner', r => r.partnerName || '—']],
      p.sample, ''));
}

function audience(m) {
  const parts = [];
  if (m.tiers.length) {
    parts.push(`tiers ${m.tiers.join(', ')}`);
  }
  if (m.stages.length) {
    parts.push(`stages ${m.stages.join(', ')}`);
  }
  if ((m.tags || []).length) {
    parts.push(`tags ${m.tags.join(', ')}`);
  }
  return parts.join('; ') || 'explicit recipients';
}

/** One mailing: its progress (refreshed while messages are waiting) and its delivery log. */
async function progress(main, id) {
  screen('Mass mailing', el('p', {}, el('a', { href: '/admin/mailings' }, 'New mailing')));
  const status = el('div', { id: 'mailing-progress', role: 'status' });
  const log = el('div', {});
  main.append(card('Progress', status), card('Delivery log', log));
  const draw = async () => {
    const [m, deliveries] = await Promise.all([
      get(`/api/notifications/mailings/${encodeURIComponent(id)}`),
      get(withQuery('/api/notifications/deliveries', { mailingId: id, size: 200 })),
    ]);
    const d = m.deliveries;
    const done = d.sent + d.failed;
    replace(status,
      el('p', {}, `${m.template}: ${done} of ${m.recipients} handled — ${d.sent} sent, ${d.failed} failed, ${d.pending + d.sending} waiting.`),
      el('progress', { max: String(m.recipients), value: String(done), 'aria-label': 'Messages handled' }),
      el('p', { class: 'pp-muted' }, `Audience: ${audience(m)}. Sent ${when(m.createdAt)} by ${m.createdBy || '—'}.`));
    replace(log, table('Delivery log', [
      ['To', x => x.recipient], ['Status', x => x.status], ['Attempts', x => String(x.attempts)],
      ['When', x => when(x.sentAt || x.createdAt)], ['Error', x => x.lastError || '']], deliveries.items, 'No delivery yet.'));
    return d.pending + d.sending > 0;
  };
  if (await draw()) {
    const timer = setInterval(async () => {
      if (!(await draw().catch(() => false))) {
        clearInterval(timer);
      }
    }, REFRESH_MS);
  }
}
