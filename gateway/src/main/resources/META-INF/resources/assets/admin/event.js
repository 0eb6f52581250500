/** One event: its facts and its partner links (status, package, amount, follow-up), which an admin adds and edits. */
import { el, toast } from '/assets/dom.js';
import { get, put, del, post } from '/assets/api.js';
import { screen, card, field, form, value, busy, table, money, day } from './common.js';

export async function render(main, { params }) {
  const base = `/api/events/${encodeURIComponent(params[0])}`;
  const [event, links, partners] = await Promise.all([get(base), get(`${base}/partners?size=200`), get('/api/partners?size=200&sort=name')]);
  screen(`${event.name} ${event.year}`);
  const names = Object.fromEntries(partners.items.map(p => [p.id, p.name]));
  const tiers = [['', '—'], ...event.tierConfigs.map(t => [t.tierKey || t.tierLabel, `${t.tierLabel} (${money(t.defaultAmount)})`])];
  const archive = el('button', { type: 'button', class: 'secondary' }, 'Archive event');
  archive.addEventListener('click', async () => {
    if (await busy(archive, () => post(`${base}/archive`))) {
      window.location.assign('/admin/events');
    }
  });
  const linkForm = linkEditor(base, partners, links, tiers);
  main.append(card('Event', el('dl', { class: 'facts' },
    el('dt', {}, 'Dates'), el('dd', {}, `${day(event.startDate)} – ${day(event.endDate)} (outreach from ${day(event.outreachStartDate)})`),
    el('dt', {}, 'Sponsorship goal'), el('dd', {}, money(event.sponsorshipGoal)),
    el('dt', {}, 'Notes'), el('dd', {}, event.notes || '—')), event.archived ? null : el('p', {}, archive)),
  card('Partners', table('Event partners', [
    ['Partner', l => el('a', { href: `/admin/partners/${encodeURIComponent(l.partnerId)}` }, names[l.partnerId] || l.partnerId)],
    ['Status', l => l.statusLabel || l.status || '—'], ['Package', l => l.packageTierLabel || l.packageTier || '—'],
    ['Role', l => l.role || '—'], ['Amount', l => money(l.amount)], ['Follow-up', l => day(l.followUpDate)],
    ['', l => el('span', { class: 'pp-row' }, editButton(l, names[l.partnerId] || l.partnerId, linkForm), removeButton(base, l))]], links.items, 'No partner linked yet.')),
  card('Link a partner or update its link', linkForm));
}

/**
 * The form that links a partner or changes its link. The API replaces a link with what it is sent,
 * so choosing a partner that is already linked fills the form with its link as stored: saving after
 * changing one field keeps the others.
 */
function linkEditor(base, partners, links, tiers) {
  const linked = Object.fromEntries(links.items.map(l => [l.partnerId, l]));
  const editor = form([
    field('Partner', 'partnerId', { options: [['', 'Choose a partner…'], ...partners.items.map(p => [p.id, p.name])] }),
    field('Status', 'status', { hint: 'e.g. prospect, contacted, committed, paid' }),
    field('Package', 'packageTier', { options: tiers }), field('Role', 'role'),
    field('Amount', 'amount', { type: 'number', min: 0 }), field('Follow up on', 'followUpDate', { type: 'date' }),
    field('Notes', 'notes', { rows: 2 }),
  ], 'Save link', async (f, button) => {
    const partnerId = value(f, 'partnerId');
    if (!partnerId) {
      toast('Choose a partner.', 'error');
      return;
    }
    const body = {
      status: value(f, 'status'), packageTier: value(f, 'packageTier'), role: value(f, 'role'),
      amount: value(f, 'amount'), followUpDate: value(f, 'followUpDate'), notes: value(f, 'notes'),
    };
    if (await busy(button, () => put(`${base}/partners/${encodeURIComponent(partnerId)}`, body), f)) {
      window.location.reload();
    }
  }, { 'aria-label': 'Link a partner' });
  editor.elements.namedItem('partnerId').addEventListener('change', event => fillLink(editor, linked[event.target.value]));
  return editor;
}

const LINK_FIELDS = ['status', 'packageTier', 'role', 'amount', 'followUpDate', 'notes'];

/** Puts a stored link's values into the form, or empties it for a partner not linked yet. */
function fillLink(editor, link) {
  for (const name of LINK_FIELDS) {
    const stored = link ? link[name] : null;
    editor.elements.namedItem(name).value = stored === null || stored === undefined ? ''
      : name === 'followUpDate' ? String(stored).slice(0, 10) : String(stored);
  }
}

/** Opens a link in the form below the table, filled with what is stored. */
function editButton(link, partnerName, editor) {
  const button = el('button', { type: 'button', class: 'secondary', 'aria-label': `Edit the link of ${partnerName}` }, 'Edit');
  button.addEventListener('click', () => {
    const partner = editor.elements.namedItem('partnerId');
    partner.value = link.partnerId;
    fillLink(editor, link);
    partner.focus();
    partner.scrollIntoView({ block: 'center' });
  });
  return button;
}

function removeButton(base, link) {
  const button = el('button', { type: 'button', class: 'danger' }, 'Remove');
  button.addEventListener('click', async () => {
    if (await busy(button, () => del(`${base}/partners/${encodeURIComponent(link.partnerId)}`))) {
      window.location.reload();
    }
  });
  return button;
}
