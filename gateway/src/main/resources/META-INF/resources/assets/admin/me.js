/**
 * A signed-in partner user's own page: their partner (tier, stage, contacts), its timeline and its
 * action items, which they may mark done. The API answers only their own partner.
 */
import { el, toast } from '/assets/dom.js';
import { get, patch } from '/assets/api.js';
import { screen, card, busy, table, tierBadge, stageChip, when, day } from './common.js';

async function start() {
  const main = document.getElementById('main');
  try {
    const partner = await get('/api/partner/me');
    const base = `/api/partners/${encodeURIComponent(partner.id)}`;
    const [timeline, actions] = await Promise.all([get(`${base}/timeline?size=50`), get(`${base}/actions?size=100`)]);
    screen(partner.name, el('p', { class: 'pp-row' }, tierBadge(partner.tier, partner.tierLabel), stageChip(partner.stage)));
    main.append(el('div', { class: 'grid-2' },
      card('Your organisation', el('p', {}, partner.description),
        el('ul', { class: 'pp-list' }, partner.contacts.map(c => el('li', {}, el('strong', {}, c.name),
          c.isPrimary ? el('span', { class: 'primary-mark' }, 'Primary') : null,
          el('div', { class: 'pp-muted' }, [c.role, c.email].filter(Boolean).join(' · ')))))),
      card('Action items', table('Action items', [
        ['Action', a => a.title], ['Due', a => day(a.dueDate)], ['Status', a => a.status],
        ['', a => (a.status === 'done' ? '' : doneButton(a))]], actions.items, 'Nothing to do.'))),
    card('Timeline', el('ol', { class: 'pp-list' }, timeline.items.map(t => el('li', {}, el('strong', {}, t.title), ' ',
      el('span', { class: 'pp-muted' }, when(t.occurredAt)))))));
  } catch (e) {
    main.replaceChildren(el('h1', {}, 'Your partnership'), el('p', { class: 'pp-alert error', role: 'alert' }, e.detail || e.message));
  }
}

function doneButton(a) {
  const button = el('button', { type: 'button', class: 'secondary' }, 'Mark done');
  button.addEventListener('click', async () => {
    if (await busy(button, () => patch(`/api/actions/${encodeURIComponent(a.id)}`, { status: 'done' }, { headers: { 'If-Match': String(a.version) } }))) {
      toast('Marked done.', 'success');
      window.location.reload();
    }
  });
  return button;
}

start();
