/** Access requests: the pending ones (approve for a partner, deny with notes) and the decided ones. */
import { el, toast } from '/assets/dom.js';
import { get, post } from '/assets/api.js';
import { screen, card, field, form, value, busy, table, when, query, withQuery } from './common.js';

export async function render(main) {
  const status = ['pending', 'approved', 'denied'].includes(query().status) ? query().status : 'pending';
  const [requests, partners] = await Promise.all([
    get(withQuery('/api/access-requests', { status, size: 100 })),
    status === 'pending' ? get('/api/partners?size=200&sort=name') : Promise.resolve({ items: [] }),
  ]);
  screen('Access requests', el('nav', { class: 'tabs', 'aria-label': 'Request status' },
    ['pending', 'approved', 'denied'].map(s => el('a', { href: `?status=${s}`, 'aria-current': s === status ? 'page' : null },
      s[0].toUpperCase() + s.slice(1)))));
  if (status !== 'pending') {
    main.append(table('Decided requests', [
      ['Requester', r => `${r.name} <${r.email}>`], ['Company', r => r.company], ['Partner', r => r.partnerName || '—'],
      ['Notes', r => r.reviewNotes || '—'], ['By', r => r.reviewedBy || '—'], ['When', r => when(r.reviewedAt)]],
    requests.items, `No ${status} request.`));
    return;
  }
  if (!requests.items.length) {
    main.append(el('p', { class: 'pp-muted' }, 'No pending request.'));
  }
  const choices = partners.items.map(p => [p.id, p.name]);
  for (const r of requests.items) {
    const approve = form([
      field('Partner', 'partnerId', { options: [['', 'Choose a partner…'], ...choices], value: r.requestedPartnerId || '' }),
      field('Notes', 'notes', { rows: 2 }),
    ], 'Approve', async (f, button) => {
      if (await busy(button, () => post(`/api/access-requests/${encodeURIComponent(r.id)}/approve`,
        { partnerId: value(f, 'partnerId'), notes: value(f, 'notes') }), f)) {
        toast(`${r.name} approved.`, 'success');
        window.location.reload();
      }
    }, { 'aria-label': `Approve ${r.name}` });
    const deny = form([field('Notes for the requester', 'notes', { rows: 2 })], 'Deny', async (f, button) => {
      if (await busy(button, () => post(`/api/access-requests/${encodeURIComponent(r.id)}/deny`, { notes: value(f, 'notes') }), f)) {
        toast(`${r.name} denied.`, 'success');
        window.location.reload();
      }
    }, { 'aria-label': `Deny ${r.name}` });
    main.append(card(`${r.name} — ${r.company}`,
      el('p', {}, `${r.email} · requested ${when(r.createdAt)}`), r.message ? el('blockquote', {}, r.message) : null,
      el('div', { class: 'grid-2' }, approve, deny)));
  }
}
