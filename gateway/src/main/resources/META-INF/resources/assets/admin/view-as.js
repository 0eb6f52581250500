/**
 * "View as this partner user", for super admins: the partner user's own page (their partner, its
 * timeline, its action items) as the API answers that user, read-only. Every call carries the
 * gateway's impersonation header (X-Impersonate-User: <user id>, gateway/README.md); the gateway
 * checks the caller is a super admin and the user an enabled partner user, audits the call and
 * marks the answer. Only reads are made from here: nothing is changed in the user's name.
 */
import { el } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, card, table, tierBadge, stageChip, when, day } from './common.js';

export async function render(main, { params, superAdmin }) {
  const userId = params[0];
  if (!superAdmin) {
    screen('View as a partner user', el('p', { class: 'pp-alert error', role: 'alert' }, 'Only a super admin may view the portal as a partner user.'));
    return;
  }
  const as = { headers: { 'X-Impersonate-User': userId } };
  const partner = await get('/api/partner/me', as);
  const base = `/api/partners/${encodeURIComponent(partner.id)}`;
  const [timeline, actions] = await Promise.all([get(`${base}/timeline?size=50`, as), get(`${base}/actions?size=100`, as)]);
  screen(`Viewing as a partner user of ${partner.name}`,
    el('p', { class: 'pp-alert warning', role: 'status', id: 'impersonation-banner' },
      `Read-only view as partner user ${userId}: what they see, nothing can be changed from here. `,
      el('a', { href: `/admin/partners/${encodeURIComponent(partner.id)}` }, 'Back to the partner')),
    el('p', { class: 'pp-row' }, tierBadge(partner.tier, partner.tierLabel), stageChip(partner.stage)));
  main.append(el('div', { class: 'grid-2' },
    card('Their organisation', el('p', {}, partner.description),
      el('ul', { class: 'pp-list' }, partner.contacts.map(c => el('li', {}, el('strong', {}, c.name),
        c.isPrimary ? el('span', { class: 'primary-mark' }, 'Primary') : null,
        el('div', { class: 'pp-muted' }, [c.role, c.email].filter(Boolean).join(' · ')))))),
    card('Their action items', table('Their action items', [
      ['Action', a => a.title], ['Due', a => day(a.dueDate)], ['Status', a => a.status]], actions.items, 'Nothing to do.'))),
  card('Their timeline', el('ol', { class: 'pp-list' }, timeline.items.map(t => el('li', {}, el('strong', {}, t.title), ' ',
    el('span', { class: 'pp-muted' }, when(t.occurredAt)))))));
}
