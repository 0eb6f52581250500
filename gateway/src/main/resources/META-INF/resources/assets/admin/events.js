/**
 * Partnership events: the list, and a form to create one (goal, dates, tier presets). The presets
 * are the partner tiers (GET /api/tiers): the API stores only the presets it is sent.
 */
import { el } from '/assets/dom.js';
import { get, post } from '/assets/api.js';
import { screen, card, field, checkbox, form, value, busy, table, money, day, query } from './common.js';

export async function render(main) {
  const archived = query().archived === 'true';
  const [events, tiers] = await Promise.all([get(`/api/events?size=100${archived ? '&archived=true' : ''}`), get('/api/tiers')]);
  screen('Events', el('p', {}, el('a', { href: archived ? '?' : '?archived=true' }, archived ? 'Show current events' : 'Show archived events')));
  main.append(card('Events', table('Events', [
    ['Event', e => el('a', { href: `/admin/events/${encodeURIComponent(e.id)}` }, e.name)], ['Year', e => String(e.year)],
    ['Starts', e => day(e.startDate)], ['Goal', e => money(e.sponsorshipGoal)]], events.items, 'No event yet.')),
  card('New event', form([
    field('Name', 'name', { required: true }), field('Year', 'year', { type: 'number', value: new Date().getFullYear() }),
    field('Outreach starts', 'outreachStartDate', { type: 'date' }), field('Starts', 'startDate', { type: 'date' }),
    field('Ends', 'endDate', { type: 'date' }), field('Sponsorship goal', 'sponsorshipGoal', { type: 'number', min: 0 }),
    field('Notes', 'notes', { rows: 2 }), checkbox('Add the standard tier presets', 'presets', true),
  ], 'Create event', async (f, button) => {
    const body = {
      name: value(f, 'name'), year: Number(value(f, 'year')) || null, outreachStartDate: value(f, 'outreachStartDate'),
      startDate: value(f, 'startDate'), endDate: value(f, 'endDate'),
      sponsorshipGoal: value(f, 'sponsorshipGoal'), notes: value(f, 'notes'),
    };
    body.tierConfigs = value(f, 'presets') ? tiers.map(t => ({ tierKey: t.key, tierLabel: t.label })) : [];
    const created = await busy(button, () => post('/api/events', body), f);
    if (created) {
      window.location.assign(`/admin/events/${encodeURIComponent(created.id)}`);
    }
  }, { 'aria-label': 'New event' })));
}
