/**
 * Partnership events: the list, and a form to create one (goal, dates, package tiers with preset
 * amounts, the bridge to the main events system). The tiers start as the partner tiers (GET
 * /api/tiers); any line may be changed, given an amount, removed, or a custom tier added.
 */
import { el } from '/assets/dom.js';
import { get, post } from '/assets/api.js';
import { screen, card, field, form, value, busy, table, money, day, query } from './common.js';
import { tiersText, parseTiers } from './event.js';

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
    field('Package tiers', 'tierConfigs', {
      rows: 5, value: tiersText(tiers.map(t => ({ tierLabel: t.label }))),
      hint: 'One per line: label | preset amount (the amount may be left out), e.g. "Gold | 5000" or "Robotics booth"',
    }),
    field('Main event id', 'linkedMainEventId', { hint: 'Optional: the event in the main events system; give its year too' }),
    field('Main event year', 'linkedMainEventYear', { type: 'number' }),
    field('Notes', 'notes', { rows: 2 }),
  ], 'Create event', async (f, button) => {
    const body = {
      name: value(f, 'name'), year: Number(value(f, 'year')) || null, outreachStartDate: value(f, 'outreachStartDate'),
      startDate: value(f, 'startDate'), endDate: value(f, 'endDate'),
      sponsorshipGoal: value(f, 'sponsorshipGoal'), notes: value(f, 'notes'),
    };
    body.tierConfigs = parseTiers(value(f, 'tierConfigs'), tiers.map(t => ({ tierKey: t.key, tierLabel: t.label })));
    body.linkedMainEventId = value(f, 'linkedMainEventId');
    body.linkedMainEventYear = value(f, 'linkedMainEventYear') ? Number(value(f, 'linkedMainEventYear')) : null;
    const created = await busy(button, () => post('/api/events', body), f);
    if (created) {
      window.location.assign(`/admin/events/${encodeURIComponent(created.id)}`);
    }
  }, { 'aria-label': 'New event' })));
}
