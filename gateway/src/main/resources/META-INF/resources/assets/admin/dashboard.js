/** The dashboard: partners, revenue vs goal per event, pipeline by link status, follow-ups, the action queue. */
import { el } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, card, money, day, table } from './common.js';
import { groupedBars, bars, legend } from './charts.js';

const STATUS_COLORS = ['#0b5cad', '#1d6b35', '#8a6d00', '#a4161a', '#5b3f8c', '#00677f', '#6b4f2a', '#4f5863'];

export async function render() {
  const d = await get('/api/dashboard');
  const main = screen('Dashboard');
  main.append(
    el('div', { class: 'stats' },
      stat('Active partners', d.partners.active),
      stat('Archived partners', d.partners.archived),
      stat('Committed', money(d.totals.committed)),
      stat('Goal', money(d.totals.goal)),
      stat('Follow-ups overdue', d.followUps.overdue, d.followUps.overdue > 0),
      stat('Open actions', d.actions.open)),
    el('div', { class: 'grid-2' },
      card('Revenue vs goal per event',
        d.events.length
          ? groupedBars('Revenue vs goal per event',
            d.events.map(e => ({ label: `${e.name} ${e.year}`, values: [e.goal, e.committed, e.paid] })),
            [{ name: 'Goal', className: 'goal' }, { name: 'Committed', className: 'committed' }, { name: 'Paid', className: 'paid' }],
            money)
          : el('p', { class: 'pp-muted' }, 'No events yet.'),
        legend([{ name: 'Goal', color: '#c9ced6' }, { name: 'Committed', color: '#0b5cad' }, { name: 'Paid', color: '#1d6b35' }])),
      card('Pipeline by status',
        d.pipeline.length
          ? bars('Event links by status', d.pipeline.map((row, i) => ({
            label: row.label || row.status, value: row.count, color: STATUS_COLORS[i % STATUS_COLORS.length],
          })))
          : el('p', { class: 'pp-muted' }, 'No partner is linked to an event yet.'),
        table('Pipeline by status', [['Status', r => r.label || r.status], ['Links', r => String(r.count)],
          ['Amount', r => money(r.amount)]], d.pipeline, '')),
      card('Follow-ups',
        bars('Follow-ups due', [
          { label: 'Overdue', value: d.followUps.overdue, color: '#a4161a' },
          { label: 'Due today', value: d.followUps.dueToday, color: '#8a6d00' },
          { label: 'This week', value: d.followUps.dueThisWeek, color: '#0b5cad' },
        ]),
        table('Next follow-ups', [
          ['Date', f => el('span', { class: f.followUpDate < d.today ? 'overdue' : '' }, day(f.followUpDate))],
          ['Partner', f => el('a', { href: `/admin/partners/${encodeURIComponent(f.partnerId)}` }, 'Open partner')],
          ['Event', f => f.eventName || ''], ['Status', f => f.status || '']],
        d.followUps.next, 'No follow-up is due.')),
      card('Action queue',
        table('Action queue', [
          ['Due', a => el('span', { class: a.overdue ? 'overdue' : '' }, a.dueDate ? day(a.dueDate) : '—')],
          ['Action', a => a.title], ['Assignee', a => a.assignee || '—'],
          ['Partner', a => el('a', { href: `/admin/partners/${encodeURIComponent(a.partnerId)}?tab=activity` }, 'Open partner')]],
        d.actions.queue, 'No open action item.'))));
}

function stat(label, value, alarming = false) {
  return el('div', {}, el('div', { class: 'pp-muted' }, label), el('div', { class: `stat ${alarming ? 'overdue' : ''}` }, String(value)));
}
