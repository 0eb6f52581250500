/**
 * Create and edit a partner. The API validates (seed 000's rules); its field errors are shown
 * beside the fields they name (description, contacts[0].email, …). Editing sends a JSON merge
 * patch with If-Match, so that two admins do not overwrite each other.
 */
import { el } from '/assets/dom.js';
import { get, post, patch } from '/assets/api.js';
import { screen, field, checkbox, form, value, busy, STAGES, TIERS } from './common.js';

const SIZES = [['', '—'], ['startup', 'Startup'], ['small', 'Small'], ['medium', 'Medium'], ['large', 'Large'], ['enterprise', 'Enterprise']];
const CONTACT_ROWS = 3;

export async function render(main, { params }) {
  const id = params[0];
  const partner = id ? await get(`/api/partners/${encodeURIComponent(id)}`) : null;
  screen(partner ? `Edit ${partner.name}` : 'New partner');
  const p = partner || { contacts: [], tags: [], companyInfo: {}, social: {} };
  const company = p.companyInfo || {};
  const social = p.social || {};
  const contactSets = [];
  for (let i = 0; i < Math.max(CONTACT_ROWS, p.contacts.length); i++) {
    const c = p.contacts[i] || {};
    contactSets.push(el('fieldset', {}, el('legend', {}, i === 0 ? 'Contact 1 (required)' : `Contact ${i + 1}`),
      el('div', { class: 'contact-row' },
        field('Name', `contacts[${i}].name`, { value: c.name, autocomplete: 'off' }),
        field('E-mail', `contacts[${i}].email`, { type: 'email', value: c.email, autocomplete: 'off' }),
        field('Phone', `contacts[${i}].phone`, { type: 'tel', value: c.phone, autocomplete: 'off' }),
        field('Role', `contacts[${i}].role`, { value: c.role }))));
  }
  // one primary contact only: a radio group, not a checkbox per contact
  const primaryIndex = Math.max(0, p.contacts.findIndex(c => c.isPrimary));
  const primary = el('fieldset', { class: 'primary-contact' }, el('legend', {}, 'Primary contact'),
    el('div', { class: 'pp-row' }, contactSets.map((set, i) => {
      const radioId = `primary-contact-${i}`;
      return el('div', { class: 'pp-check' },
        el('input', { type: 'radio', id: radioId, name: 'primaryContact', value: String(i), checked: i === primaryIndex }),
        el('label', { for: radioId }, `Contact ${i + 1}`));
    })));
  const f = form([
    el('fieldset', {}, el('legend', {}, 'Organisation'),
      field('Name', 'name', { value: p.name, required: true }),
      field('Description', 'description', { rows: 4, value: p.description, required: true, hint: 'At least 10 characters.' }),
      field('Industry', 'industry', { value: p.industry, required: true }),
      field('Tier', 'tier', { options: TIERS, value: p.tier || 'bronze' }),
      partner ? null : field('Stage', 'stage', { options: STAGES.filter(([k]) => k !== 'active'), value: 'draft' }),
      field('Website', 'website', { type: 'url', value: p.website, hint: 'https://…' }),
      field('Logo URL', 'logo', { type: 'url', value: p.logo }),
      field('Tags', 'tags', { value: (p.tags || []).join(', '), hint: 'Comma-separated, up to 20.' }),
      checkbox('Alumni', 'alumni', Boolean(p.alumni)),
      field('Internal notes', 'notes', { rows: 3, value: p.notes })),
    el('fieldset', {}, el('legend', {}, 'Company'),
      field('Size', 'companyInfo.size', { options: SIZES, value: company.size || '' }),
      field('Headquarters', 'companyInfo.headquarters', { value: company.headquarters }),
      field('Founded (year)', 'companyInfo.foundedYear', { type: 'number', value: company.foundedYear }),
      field('Employees', 'companyInfo.employeeCount', { value: company.employeeCount })),
    contactSets,
    primary,
    el('fieldset', {}, el('legend', {}, 'Social'),
      ['linkedin', 'twitter', 'github', 'youtube'].map(k => field(k[0].toUpperCase() + k.slice(1), `social.${k}`, { type: 'url', value: social[k] }))),
  ], partner ? 'Save changes' : 'Create partner', async (formEl, button) => {
    const body = collect(formEl, !partner);
    const saved = await busy(button, () => (partner
      ? patch(`/api/partners/${encodeURIComponent(partner.id)}`, body, { headers: { 'If-Match': String(partner.version) } })
      : post('/api/partners', body)), formEl);
    if (saved) {
      window.location.assign(`/admin/partners/${encodeURIComponent(saved.id)}?saved=1`);
    }
  }, { 'aria-label': partner ? 'Edit partner' : 'New partner', id: 'partner-form' });
  main.append(f, el('p', {}, el('a', { href: partner ? `/admin/partners/${encodeURIComponent(partner.id)}` : '/admin/partners' }, 'Cancel')));
}

/** The body the API expects, from the form: empty optional fields left out, contacts without any value dropped. */
function collect(f, creating) {
  const body = {
    name: value(f, 'name'), description: value(f, 'description'), industry: value(f, 'industry'),
    tier: value(f, 'tier'), website: value(f, 'website'), logo: value(f, 'logo'), notes: value(f, 'notes'),
    alumni: value(f, 'alumni'),
    tags: (value(f, 'tags') || '').split(',').map(t => t.trim()).filter(Boolean),
  };
  if (creating) {
    body.stage = value(f, 'stage');
  }
  const company = {};
  for (const k of ['size', 'headquarters', 'foundedYear', 'employeeCount']) {
    const v = value(f, `companyInfo.${k}`);
    if (v !== null) {
      company[k] = k === 'foundedYear' && /^\d+$/.test(v) ? Number(v) : v;
    }
  }
  body.companyInfo = Object.keys(company).length ? company : null;
  const social = {};
  for (const k of ['linkedin', 'twitter', 'github', 'youtube']) {
    const v = value(f, `social.${k}`);
    if (v !== null) {
      social[k] = v;
    }
  }
  body.social = Object.keys(social).length ? social : null;
  body.contacts = [];
  const primaryIndex = Number(f.elements.namedItem('primaryContact').value || 0);
  for (let i = 0; f.elements.namedItem(`contacts[${i}].name`); i++) {
    const c = {
      name: value(f, `contacts[${i}].name`), email: value(f, `contacts[${i}].email`),
      phone: value(f, `contacts[${i}].phone`), role: value(f, `contacts[${i}].role`),
    };
    if (c.name || c.email || c.phone || c.role || i === 0) {
      body.contacts.push({ ...c, isPrimary: i === primaryIndex });
    }
  }
  for (const k of Object.keys(body)) {
    if (body[k] === null && k !== 'companyInfo' && k !== 'social') {
      delete body[k];
    }
  }
  return body;
}
