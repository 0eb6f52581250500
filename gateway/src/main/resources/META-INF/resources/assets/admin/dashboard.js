/**
 * The dashboard: partners, revenue vs goal per event, pipeline by link status, follow-ups (links'
 * and communications'), the action queue, and the e-mail sync status per provider.
 */
import { el } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, card, money, day, when, table } from './common.js';
import { groupedBars, bars, legend } from './charts.js';

const STATUS_COLORS = ['#0b5cad', '#1d6b35', '#8a6d00', '#a4161a', '#5b3f8c', '#00677f', '#6b4f2a', '#4f5863'];

export async function render() {
  const [d, sync] = await Promise.all([get('/api/dashboard'), get('/api/communications/sync-status').catch(() => [])]);
  const c = d.communicationFollowUps || { overdue: 0, dueToday: 0, dueThisWeek: 0, next: [] };
  const main = screen('Dashboard');
  main.append(
    el('div', { class: 'stats' },
      stat('Active partners', d.partners.active),
      stat('Archived partners', d.partners.archived),
      stat('Committed', money(d.totals.committed)),
      stat('Goal', money(d.totals.goal)),
      stat('Follow-ups overdue', d.followUps.overdue + c.overdue, d.followUps.overdue + c.overdue > 0),
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
        d.followUps.next, 'No follow-up is due.'),
        el('h3', {}, 'Communication follow-ups'),
        el('p', { class: 'pp-muted' }, `${c.overdue} overdue, ${c.dueToday} due today, ${c.dueThisWeek} later this week`),
        table('Communication follow-ups', [
          ['Date', f => el('span', { class: f.overdue ? 'overdue' : '' }, day(f.date))],
          ['Communication', f => f.title],
          ['Partner', f => el('a', { href: `/admin/partners/${encodeURIComponent(f.partnerId)}` }, 'Open partner')]],
        c.next, 'No communication follow-up is due.')),
      card('Action queue',
        table('Action queue', [
          ['Due', a => el('span', { class: a.overdue ? 'overdue' : '' }, a.dueDate ? day(a.dueDate) : '—')],
          ['Action', a => a.title], ['Assignee', a => a.assignee || '—'],
          ['Partner', a => el('a', { href: `/admin/partners/${encodeURIComponent(a.partnerId)}?tab=activity` }, 'Open partner')]],
        d.actions.queue, 'No open action item.'))),
    card('E-mail sync',
      table('E-mail sync status per provider', [
        ['Provider', r => r.provider], ['Last run', r => when(r.lastRunAt)], ['Last success', r => when(r.lastSuccessAt)],
        ['Last run found', r => String(r.lastReceived)], ['Imported', r => String(r.lastImported)],
        ['Already there', r => String(r.lastDuplicates)], ['Imported in total', r => String(r.totalImported)],
        ['Last error', r => (r.lastError ? el('span', { class: 'overdue' }, `${r.lastError} (${when(r.lastErrorAt)})`) : '—')]],
      sync, 'No mail sync has run yet.')));
}

function stat(label, value, alarming = false) {
  return el('div', {}, el('div', { class: 'pp-muted' }, label), el('div', { class: `stat ${alarming ? 'overdue' : ''}` }, String(value)));
}
