/**
 * The partner directory: filters (tier, stage, engagement level, industry, tag, contact e-mail,
 * archived), name search, sort and
 * pagination, all kept in the address so that a filtered list can be bookmarked and reloaded.
 * Paging forward follows the API's cursor (`next` → `after`).
 */
import { el, replace } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, field, checkbox, STAGES, TIERS, tierBadge, stageChip, day, query, withQuery, table } from './common.js';

const SIZE = 20;

export async function render() {
  const q = query();
  const main = screen('Partners', el('p', {}, el('a', { class: 'pp-button', href: '/admin/partners/new' }, 'New partner')));
  const filters = el('form', { class: 'pp-card filters', role: 'search', 'aria-label': 'Filter partners' },
    field('Search by name', 'q', { type: 'search', value: q.q }),
    field('Tier', 'tier', { options: [['', 'Any tier'], ...TIERS], value: q.tier }),
    field('Stage', 'stage', { options: [['', 'Any stage'], ...STAGES], value: q.stage }),
    field('Industry', 'industry', { value: q.industry }),
    field('Engagement', 'engagementLevel', {
      options: [['', 'Any engagement'], ['high', 'High'], ['medium', 'Medium'], ['low', 'Low']], value: q.engagementLevel,
    }),
    field('Tag', 'tag', { value: q.tag }),
    field('Contact e-mail', 'contactEmail', { type: 'email', value: q.contactEmail }),
    field('Sort by', 'sort', {
      options: [['tier', 'Tier'], ['name', 'Name'], ['updatedAt', 'Last updated'], ['lastEngagement', 'Last engagement']],
      value: q.sort || 'tier',
    }),
    checkbox('Archived partners', 'archived', q.archived === 'true'),
    el('div', {}, el('button', { type: 'submit' }, 'Apply')));
  const results = el('div', { 'aria-live': 'polite' });
  main.append(filters, results);
  filters.addEventListener('submit', event => {
    event.preventDefault();
    const values = {};
    for (const name of ['q', 'tier', 'stage', 'engagementLevel', 'industry', 'tag', 'contactEmail', 'sort']) {
      values[name] = filters.elements.namedItem(name).value.trim();
    }
    values.archived = filters.elements.namedItem('archived').checked ? 'true' : '';
    window.location.assign(withQuery('/admin/partners', values));
  });
  const page = Math.max(0, Number(q.page || 0));
  // "Next" carries the API's cursor (after), so the store starts at the last partner shown instead
  // of skipping every page before; "Previous" and a typed page number use the page number
  const data = await get(withQuery('/api/partners', {
    q: q.q, tier: q.tier, stage: q.stage, engagementLevel: q.engagementLevel, industry: q.industry, tag: q.tag,
    contactEmail: q.contactEmail, archived: q.archived,
    sort: q.sort || 'tier', page, size: SIZE, after: q.after,
  }));
  const pages = Math.max(1, Math.ceil(data.total / SIZE));
  replace(results,
    el('p', { class: 'pp-muted' }, `${data.total} partner(s)`),
    table('Partners', [
      ['Name', p => el('a', { href: `/admin/partners/${encodeURIComponent(p.id)}` }, p.name)],
      ['Tier', p => tierBadge(p.tier, p.tierLabel)],
      ['Stage', p => stageChip(p.stage)],
      ['Industry', p => p.industry],
      ['Engagement', p => (p.engagement || {}).engagementLevel || 'low'],
      ['Tags', p => (p.tags || []).join(', ')],
      ['Last touch', p => day(p.lastTouchAt)],
    ], data.items, 'No partner matches these filters.'),
    el('nav', { class: 'pager', 'aria-label': 'Pages' },
      data.page > 0 ? el('a', { href: withQuery('/admin/partners', { ...q, page: data.page - 1, after: '' }), rel: 'prev' }, 'Previous') : null,
      el('span', {}, `Page ${data.page + 1} of ${pages}`),
      data.next ? el('a', { href: withQuery('/admin/partners', { ...q, page: data.page + 1, after: data.next }), rel: 'next' }, 'Next') : null));
}
