/** The e-mail delivery log: every message the portal sent or tried to send, filterable. */
import { el } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, field, table, when, query, withQuery } from './common.js';

const SIZE = 50;

export async function render(main) {
  const q = query();
  const page = Math.max(0, Number(q.page || 0));
  screen('Notifications');
  const filters = el('form', { class: 'pp-card filters', role: 'search', 'aria-label': 'Filter deliveries', method: 'get' },
    field('Status', 'status', { options: [['', 'Any'], ['PENDING', 'Pending'], ['SENDING', 'Sending'], ['SENT', 'Sent'], ['FAILED', 'Failed']], value: q.status }),
    field('Template', 'template', { value: q.template }),
    field('Partner id', 'partnerId', { value: q.partnerId }),
    el('div', {}, el('button', { type: 'submit' }, 'Apply')));
  const data = await get(withQuery('/api/notifications/deliveries', {
    status: q.status, template: q.template, partnerId: q.partnerId, page, size: SIZE,
  }));
  const pages = Math.max(1, Math.ceil(data.total / SIZE));
  main.append(filters, el('p', { class: 'pp-muted' }, `${data.total} delivery(ies)`),
    table('Deliveries', [
      ['When', d => when(d.sentAt || d.createdAt)], ['Template', d => `${d.template} (${d.lang})`],
      ['To', d => d.recipient], ['Subject', d => d.subject || '—'],
      ['Status', d => `${d.status}${d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}`],
      ['Error', d => d.lastError || ''],
      ['Attachments', d => (d.attachments || []).map(a => a.filename).join(', ')]], data.items, 'No e-mail yet.'),
    el('nav', { class: 'pager', 'aria-label': 'Pages' },
      page > 0 ? el('a', { href: withQuery('/admin/notifications', { ...q, page: page - 1 }) }, 'Previous') : null,
      el('span', {}, `Page ${page + 1} of ${pages}`),
      page + 1 < pages ? el('a', { href: withQuery('/admin/notifications', { ...q, page: page + 1 }) }, 'Next') : null));
}
