/**
 * The tier report (partner-service's GET /api/reports/tiers): per tier, partners not archived and
 * archived, live partners per stage, events, prizes, the contribution (committed and paid links
 * only) and the engagement levels; the CSV is a plain download link. Column headings never say
 * just "Active": the stage active is "In stage: Active".
 */
import { el } from '/assets/dom.js';
import { get } from '/assets/api.js';
import { screen, card, table, money, when, STAGES } from './common.js';

const LEVELS = [['low', 'Low'], ['medium', 'Medium'], ['high', 'High']];

export async function render() {
  const report = await get('/api/reports/tiers');
  const main = screen('Tier report', el('p', { class: 'pp-row' },
    el('a', { class: 'pp-button', href: '/api/reports/tiers.csv', download: 'tier-report.csv', id: 'tier-report-csv' },
      'Download CSV'),
    el('span', { class: 'pp-muted' }, `Generated ${when(report.generatedAt)}`)));
  const rows = [...report.tiers, report.totals];
  const tierCell = r => (r.tier === 'all' ? el('strong', {}, r.label) : r.label);
  main.append(
    card('Partners per tier', table('Partners per tier: not archived, archived and per stage', [
      ['Tier', tierCell], ['Partners', r => String(r.partners)], ['Not archived', r => String(r.notArchived)],
      ['Archived', r => String(r.archived)],
      ...STAGES.map(([key, label]) => [`In stage: ${label}`, r => String((r.byStage || {})[key] ?? 0)])], rows)),
    card('Engagement per tier', table('Engagement per tier', [
      ['Tier', tierCell], ['Events participated', r => String(r.eventsParticipated)],
      ['Prizes offered', r => String(r.prizesOffered)],
      ['Contribution (committed and paid)', r => money(r.totalContribution)],
      ...LEVELS.map(([key, label]) => [`Engagement: ${label}`, r => String((r.engagementLevels || {})[key] ?? 0)])], rows),
    el('p', { class: 'pp-muted' }, 'Archived partners count in the sums: their history happened. Stage columns count partners that are not archived.')));
}
