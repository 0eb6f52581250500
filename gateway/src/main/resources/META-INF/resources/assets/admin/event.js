/**
 * One event: its facts, an editor for them (dates, goal, notes, the bridge to the main events system,
 * the package tiers with their preset amounts), archive / restore, and its partner links (status,
 * package, amount, follow-up), which an admin adds and edits.
 */
import { el, toast } from '/assets/dom.js';
import { get, put, del, post, patch } from '/assets/api.js';
import { screen, card, field, form, value, busy, table, money, day, query } from './common.js';

export async function render(main, { params }) {
  const base = `/api/events/${encodeURIComponent(params[0])}`;
  const [event, links, partners] = await Promise.all([get(base), get(`${base}/partners?size=200`), get('/api/partners?size=200&sort=name')]);
  screen(`${event.name} ${event.year}`, event.archived ? el('p', {}, el('span', { class: 'stage-chip' }, 'Archived')) : null);
  if (query().saved) {
    toast('Saved.', 'success');
  }
  const names = Object.fromEntries(partners.items.map(p => [p.id, p.name]));
  const tiers = [['', '—'], ...event.tierConfigs.map(t => [t.tierKey || t.tierLabel, `${t.tierLabel} (${money(t.defaultAmount)})`])];
  const archive = el('button', { type: 'button', class: 'secondary' }, 'Archive event');
  archive.addEventListener('click', async () => {
    if (await busy(archive, () => post(`${base}/archive`))) {
      window.location.assign('/admin/events');
    }
  });
  const restore = el('button', { type: 'button' }, 'Restore event');
  restore.addEventListener('click', async () => {
    if (await busy(restore, () => post(`${base}/restore`))) {
      window.location.assign(`${window.location.pathname}?saved=1`);
    }
  });
  const linkForm = linkEditor(base, partners, links, tiers);
  main.append(card('Event', el('dl', { class: 'facts' },
    el('dt', {}, 'Dates'), el('dd', {}, `${day(event.startDate)} – ${day(event.endDate)} (outreach from ${day(event.outreachStartDate)})`),
    el('dt', {}, 'Sponsorship goal'), el('dd', {}, money(event.sponsorshipGoal)),
    el('dt', {}, 'Package tiers'), el('dd', {}, event.tierConfigs.length
      ? event.tierConfigs.map(t => `${t.tierLabel} (${money(t.defaultAmount)})`).join(', ') : '—'),
    el('dt', {}, 'Main event'), el('dd', {}, event.linkedMainEventId ? `${event.linkedMainEventId} (${event.linkedMainEventYear})` : '—'),
    el('dt', {}, 'Notes'), el('dd', {}, event.notes || '—')), el('p', {}, event.archived ? restore : archive)),
  card('Edit event', eventEditor(base, event)),
  card('Partners', table('Event partners', [
    ['Partner', l => el('a', { href: `/admin/partners/${encodeURIComponent(l.partnerId)}` }, names[l.partnerId] || l.partnerId)],
    ['Status', l => l.statusLabel || l.status || '—'], ['Package', l => l.packageTierLabel || l.packageTier || '—'],
    ['Role', l => l.role || '—'], ['Amount', l => money(l.amount)], ['Follow-up', l => day(l.followUpDate)],
    ['', l => el('span', { class: 'pp-row' }, editButton(l, names[l.partnerId] || l.partnerId, linkForm), removeButton(base, l))]], links.items, 'No partner linked yet.')),
  card('Link a partner or update its link', linkForm));
}

/** Package tiers as text: one per line, "label | default amount" (the amount optional). */
export function tiersText(tierConfigs) {
  return tierConfigs.map(t => (t.defaultAmount === null || t.defaultAmount === undefined
    ? t.tierLabel : `${t.tierLabel} | ${t.defaultAmount}`)).join('\n');
}

export function parseTiers(text, known = []) {
  return (text || '').split('\n').map(l => l.trim()).filter(Boolean).map(line => {
    const [label, amount] = line.split('|').map(s => s.trim());
    const existing = known.find(t => t.tierLabel.toLowerCase() === label.toLowerCase());
    return { tierKey: existing ? existing.tierKey : null, tierLabel: label, defaultAmount: amount ? amount : null };
  });
}

/** Edits the event as a merge patch guarded by its version (If-Match): a stale form is refused, not applied. */
function eventEditor(base, event) {
  return form([
    field('Name', 'name', { required: true, value: event.name }),
    field('Year', 'year', { type: 'number', value: event.year, required: true }),
    field('Outreach starts', 'outreachStartDate', { type: 'date', value: event.outreachStartDate || '' }),
    field('Starts', 'startDate', { type: 'date', value: event.startDate || '' }),
    field('Ends', 'endDate', { type: 'date', value: event.endDate || '' }),
    field('Sponsorship goal', 'sponsorshipGoal', { type: 'number', min: 0, value: event.sponsorshipGoal ?? '' }),
    field('Package tiers', 'tierConfigs', {
      rows: 5, value: tiersText(event.tierConfigs),
      hint: 'One per line: label | preset amount (the amount may be left out), e.g. "Gold | 5000" or "Robotics booth"',
    }),
    field('Main event id', 'linkedMainEventId', { value: event.linkedMainEventId || '', hint: 'Optional: the event in the main events system; give its year too' }),
    field('Main event year', 'linkedMainEventYear', { type: 'number', value: event.linkedMainEventYear ?? '' }),
    field('Notes', 'notes', { rows: 2, value: event.notes || '' }),
  ], 'Save event', async (f, button) => {
    const body = {
      name: value(f, 'name'), year: Number(value(f, 'year')) || null,
      outreachStartDate: value(f, 'outreachStartDate'), startDate: value(f, 'startDate'), endDate: value(f, 'endDate'),
      sponsorshipGoal: value(f, 'sponsorshipGoal'), notes: value(f, 'notes'),
      tierConfigs: parseTiers(value(f, 'tierConfigs'), event.tierConfigs),
      linkedMainEventId: value(f, 'linkedMainEventId'),
      linkedMainEventYear: value(f, 'linkedMainEventYear') ? Number(value(f, 'linkedMainEventYear')) : null,
    };
    if (await busy(button, () => patch(base, body, { headers: { 'If-Match': String(event.version) } }), f)) {
      window.location.assign(`${window.location.pathname}?saved=1`);
    }
  }, { 'aria-label': 'Edit event' });
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
