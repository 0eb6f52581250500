/**
 * One partner, in tabs: overview (details, contacts with the primary marked, engagement, tags,
 * events, timeline, stage and deal actions), proposal (editor, tokens, invitation), NDAs (history
 * with evidence, certificates), vault (upload, documents, downloads), portal access, and activity
 * (meetings, action items, decisions, communications). The tab is in the address (?tab=).
 */
import { el, replace, toast } from '/assets/dom.js';
import { get, post, put, del, patch, csrfToken, ApiError } from '/assets/api.js';
import {
  screen, card, field, checkbox, form, value, busy, table, tierBadge, stageChip, money, when, day, query, report,
} from './common.js';

const TABS = [
  ['overview', 'Overview'], ['proposal', 'Proposal & links'], ['ndas', 'NDAs'], ['vault', 'Vault'],
  ['portal', 'Portal access'], ['activity', 'Meetings, actions & decisions'],
];
const SECTIONS = ['hero', 'terms', 'metrics', 'value', 'modules', 'why', 'next_steps', 'cta', 'documents'];

export async function render(main, { params, superAdmin }) {
  const id = params[0];
  const base = `/api/partners/${encodeURIComponent(id)}`;
  const partner = await get(base);
  const tab = TABS.some(([k]) => k === query().tab) ? query().tab : 'overview';
  screen(partner.name,
    el('p', { class: 'pp-row' }, tierBadge(partner.tier, partner.tierLabel), stageChip(partner.stage),
      partner.archived ? el('span', { class: 'stage-chip' }, 'Archived') : null,
      el('a', { href: `/admin/partners/${encodeURIComponent(id)}/edit` }, 'Edit')),
    el('nav', { class: 'tabs', 'aria-label': 'Partner sections' }, TABS.map(([key, label]) => el('a', {
      href: `?tab=${key}`, 'aria-current': key === tab ? 'page' : null,
    }, label))));
  if (query().saved) {
    toast('Saved.', 'success');
  }
  const ctx = { id, base, partner, main, superAdmin: Boolean(superAdmin) };
  const draw = {
    overview, proposal, ndas, vault, portal, activity,
  }[tab];
  await draw(ctx);
}

async function overview({ id, base, partner, main, superAdmin }) {
  const [timeline, links, followUps, events, users] = await Promise.all([
    get(`${base}/timeline?size=50`).catch(() => ({ items: [] })),
    get(`${base}/events`).catch(() => ({ items: [] })),
    get(`${base}/follow-ups`).catch(() => []),
    get('/api/events?size=200').catch(() => ({ items: [] })),
    get(`${base}/users`).catch(() => []),
  ]);
  const e = partner.engagement || {};
  // the engagement lists event ids; the partner's links know their names
  const eventNames = Object.fromEntries(links.items.map(l => [l.eventId, `${l.eventName} ${l.eventYear}`]));
  const eventList = ids => (ids || []).map(eid => eventNames[eid] || 'an event no longer linked').join(', ') || '—';
  const company = partner.companyInfo || {};
  const social = Object.entries(partner.social || {}).filter(([, url]) => url);
  const primaryFirst = [...partner.contacts].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary));
  main.append(el('div', { class: 'grid-2' },
    card('Details', el('dl', { class: 'facts' },
      fact('Industry', partner.industry), fact('Description', partner.description),
      fact('Website', partner.website ? el('a', { href: partner.website, rel: 'noopener noreferrer' }, partner.website) : '—'),
      fact('Logo', partner.logo ? el('a', { href: partner.logo, rel: 'noopener noreferrer' }, 'Open the logo') : '—'),
      fact('Company', [company.size && `size ${company.size}`, company.headquarters && `based in ${company.headquarters}`,
        company.foundedYear && `founded ${company.foundedYear}`, company.employeeCount && `${company.employeeCount} employees`]
        .filter(Boolean).join(' · ') || '—'),
      fact('Social', social.length ? el('ul', { class: 'pp-inline-list' }, social.map(([k, url]) => el('li', {},
        el('a', { href: url, rel: 'noopener noreferrer' }, k[0].toUpperCase() + k.slice(1))))) : '—'),
      fact('Tags', (partner.tags || []).join(', ') || '—'), fact('Alumni', partner.alumni ? 'Yes' : 'No'),
      fact('Stage since', when(partner.stageChangedAt)), fact('Proposal visits', String(partner.proposalViews)),
      fact('Last touch', when(partner.lastTouchAt)),
      partner.closeOutcome ? fact('Deal closed', `${partner.closeOutcome}${partner.closeReason ? ` — ${partner.closeReason}` : ''}`) : null,
      partner.notes ? fact('Internal notes', partner.notes) : null)),
    card('Contacts', el('ul', { class: 'pp-list' }, primaryFirst.map(c => el('li', {},
      el('strong', {}, c.name), c.isPrimary ? el('span', { class: 'primary-mark' }, 'Primary') : null,
      el('div', { class: 'pp-muted' }, [c.role, c.email, c.phone].filter(Boolean).join(' · '))))),
    inviteForm(base)),
    card('Engagement', el('dl', { class: 'facts' },
      fact('Level', e.engagementLevel || '—'), fact('Events', eventList(e.eventsParticipated)),
      fact('Prizes', eventList(e.prizesOffered)), fact('Contribution (committed and paid)', money(e.totalContribution)),
      fact('Last engagement', when(e.lastEngagementDate))),
    table('Events', [['Event', l => el('a', { href: `/admin/events/${encodeURIComponent(l.eventId)}` }, `${l.eventName} ${l.eventYear}`)],
      ['Status', l => l.statusLabel || l.status || '—'], ['Package', l => l.packageTierLabel || l.packageTier || '—'],
      ['Amount', l => money(l.amount)], ['Follow-up', l => day(l.followUpDate)]], links.items, 'Not linked to any event.')),
    dealCard(id, base, partner),
    superAdmin && partner.demo ? demoResetCard(id) : null),
  card('Timeline', el('ol', { class: 'pp-list' }, timeline.items.map(t => el('li', {},
    el('strong', {}, t.title), ' ', el('span', { class: 'pp-muted' }, `${when(t.occurredAt)} · ${t.kind}${t.actor ? ` · ${t.actor}` : ''}`),
    t.detail ? el('div', {}, t.detail) : null))), timeline.items.length ? null : el('p', { class: 'pp-muted' }, 'No touch yet.')),
  card('Follow-ups', table('Follow-ups', [
    ['Date', f => el('span', { class: f.overdue ? 'overdue' : '' }, day(f.date))],
    ['From', f => (f.kind === 'link' ? 'Event link' : 'Communication')], ['About', f => f.title],
    ['Status', f => f.status || '—']], followUps, 'No follow-up is due.')),
  card('Log a communication', communicationForm(base, events.items)),
  card('Partner users', table('Partner users', [
    ['E-mail', u => u.email], ['Name', u => u.name || '—'], ['Since', u => when(u.grantedAt)],
    ['', u => (superAdmin && u.userId
      ? el('a', { href: `/admin/view-as/${encodeURIComponent(u.userId)}`, 'aria-label': `View as ${u.email} (read-only)` }, 'View as this partner user')
      : '')]], users, 'No partner user yet: approve an access request for this partner.')));
}

function fact(label, content) {
  return [el('dt', {}, label), el('dd', {}, content ?? '—')];
}

function inviteForm(base) {
  return el('details', {}, el('summary', {}, 'Invite a contact to the portal'),
    form([field('E-mail', 'email', { type: 'email', required: true }), field('Name', 'name')], 'Send invitation',
      async (f, button) => {
        const done = await busy(button, () => post(`${base}/invites`, { email: value(f, 'email'), name: value(f, 'name') }), f);
        if (done) {
          toast('Invitation sent.', 'success');
          f.reset();
        }
      }, { 'aria-label': 'Invite a contact to the portal' }));
}

/**
 * Super admins, demo partners only: nda-service's demo reset (POST /api/admin/demo-partners/{id}/reset,
 * nda-service README): proposal tokens, views, NDAs and vault documents are cleared for another demo.
 */
function demoResetCard(id) {
  const result = el('div', { 'aria-live': 'polite', id: 'demo-reset-result' });
  const reset = form([checkbox('Yes, clear this demo partner\'s proposal links, views, NDAs and vault', 'confirm')],
    'Reset demo data', async (f, button) => {
      if (!value(f, 'confirm')) {
        report(new ApiError(400, { title: 'Confirm the reset', errors: [{ field: 'confirm', message: 'tick the box to reset the demo data' }] }), f);
        return;
      }
      const done = await busy(button, () => post(`/api/admin/demo-partners/${encodeURIComponent(id)}/reset`), f);
      if (done) {
        replace(result, el('div', { class: 'pp-alert success' },
          `Demo data reset: ${done.ndasMarkedReset ?? 0} NDA(s) marked reset, ${done.documentsDeleted ?? 0} document(s) removed.`));
        f.reset();
      }
    }, { 'aria-label': 'Reset demo data' });
  return card('Demo partner', el('p', { class: 'pp-muted' }, 'This is a demo partner: its pipeline data can be cleared for the next demo.'),
    reset, result);
}

function dealCard(id, base, partner) {
  const reload = () => window.location.assign(`/admin/partners/${encodeURIComponent(id)}?tab=overview&saved=1`);
  const close = form([
    field('Outcome', 'outcome', { options: [['won', 'Won'], ['lost', 'Lost'], ['stalled', 'Stalled']] }),
    field('Reason', 'reason', { rows: 2 }),
  ], 'Close the deal', async (f, button) => {
    if (await busy(button, () => post(`${base}/close`, { outcome: value(f, 'outcome'), reason: value(f, 'reason') }), f)) {
      reload();
    }
  }, { 'aria-label': 'Close the deal' });
  const archive = el('button', { type: 'button', class: 'secondary' }, partner.archived ? 'Restore' : 'Archive');
  archive.addEventListener('click', async () => {
    if (await busy(archive, () => post(`${base}/${partner.archived ? 'restore' : 'archive'}`))) {
      reload();
    }
  });
  return card('Deal', el('p', {}, 'Stage: ', stageChip(partner.stage), ' — move it on the ',
    el('a', { href: '/admin/pipeline' }, 'pipeline'), '.'), close, el('p', { class: 'pp-row' }, archive));
}

function communicationForm(base, events) {
  return form([
    field('Subject', 'subject', { required: true }), field('Summary', 'summary', { rows: 3 }),
    field('Channel', 'channel', { options: ['email', 'phone', 'meeting', 'whatsapp', 'linkedin', 'other'].map(c => [c, c]) }),
    field('Direction', 'direction', { options: [['outbound', 'Outbound'], ['inbound', 'Inbound']] }),
    field('When', 'occurredAt', { type: 'datetime-local', required: true }),
    field('Follow up on', 'followUpDate', { type: 'date' }),
    field('About the event', 'eventId', { options: [['', 'No event'], ...events.map(e => [e.id, `${e.name} ${e.year}`])] }),
  ], 'Log communication', async (f, button) => {
    const at = value(f, 'occurredAt');
    const body = {
      subject: value(f, 'subject'), summary: value(f, 'summary'), channel: value(f, 'channel'),
      direction: value(f, 'direction'), occurredAt: at ? new Date(at).toISOString() : null,
      followUpDate: value(f, 'followUpDate'), eventId: value(f, 'eventId'),
    };
    if (await busy(button, () => post(`${base}/communications`, body), f)) {
      window.location.assign('?tab=overview&saved=1');
    }
  }, { 'aria-label': 'Log a communication' });
}

async function proposal({ base, partner, main }) {
  const [content, tokens, reading] = await Promise.all([
    get(`${base}/proposal`).catch(e => (e.status === 404 ? { sections: {} } : Promise.reject(e))),
    get(`${base}/proposal-tokens?size=50`),
    get(`${base}/proposal/analytics`),
  ]);
  const editor = form(SECTIONS.map(s => field(s[0].toUpperCase() + s.slice(1).replace('_', ' '), `sections.${s}`, {
    rows: s === 'hero' ? 3 : 5, value: (content.sections || {})[s] || '', hint: 'Markdown',
  })), 'Save proposal', async (f, button) => {
    const sections = {};
    for (const s of SECTIONS) {
      const v = f.elements.namedItem(`sections.${s}`).value;
      if (v.trim()) {
        sections[s] = v;
      }
    }
    if (await busy(button, () => put(`${base}/proposal`, { sections }), f)) {
      toast('Proposal saved.', 'success');
    }
  }, { 'aria-label': 'Proposal editor' });
  const issued = el('div', { id: 'issued-token', 'aria-live': 'polite' });
  const issue = el('button', { type: 'button', id: 'issue-token' }, 'Issue a proposal link');
  const list = el('div', {}, tokenTable(base, tokens.items));
  issue.addEventListener('click', async () => {
    const token = await busy(issue, () => post(`${base}/proposal-token`));
    if (token) {
      replace(issued, el('div', { class: 'pp-alert success' },
        el('p', {}, `Proposal link, valid until ${when(token.expiresAt)} (shown once; copy it now):`),
        el('p', {}, el('a', { href: token.url, id: 'proposal-url', class: 'long-link', rel: 'noreferrer' }, token.url))));
      replace(list, tokenTable(base, (await get(`${base}/proposal-tokens?size=50`)).items));
    }
  });
  main.append(el('div', { class: 'grid-2' },
    card('Proposal content', editor),
    el('div', {},
      card('Proposal links', el('p', { class: 'pp-row' }, issue), issued, list),
      card('Send the invitation', el('p', { class: 'pp-muted' }, 'E-mails a fresh proposal link and the booking link to the primary contact (or the address given).'),
        sendForm(`${base}/invitation`, partner, 'Send invitation')))),
  analyticsCard(reading));
}

/** How the proposal was read: visits and time in total, then each section (time, visits, reports, last read). */
function analyticsCard(a) {
  const label = s => s[0].toUpperCase() + s.slice(1).replace('_', ' ');
  return el('section', { class: 'pp-card', id: 'proposal-analytics', 'aria-labelledby': 'proposal-analytics-title' },
    el('h2', { id: 'proposal-analytics-title' }, 'How the proposal was read'),
    el('dl', { class: 'facts' },
      fact('Visits', String(a.visits)), fact('Time in total', duration(a.seconds)),
      fact('First viewed', when(a.firstViewedAt)), fact('Last viewed', when(a.lastViewedAt))),
    table('Reading per section', [
      ['Section', r => label(r.section)], ['Time', r => duration(r.seconds)], ['Visits', r => String(r.visits)],
      ['Reports', r => String(r.reports)], ['Last read', r => when(r.lastReadAt)]],
    a.visits ? a.sections : [], 'Not viewed yet.'));
}

function duration(seconds) {
  const s = Number(seconds) || 0;
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function tokenTable(base, rows) {
  return table('Issued proposal links', [
    ['Issued', t => when(t.issuedAt)], ['By', t => t.issuedBy || '—'], ['Expires', t => when(t.expiresAt)],
    ['State', t => (t.revokedAt ? `revoked ${when(t.revokedAt)}` : 'valid')],
    ['', t => (t.revokedAt ? '' : revokeButton(base, t.jti))]], rows, 'No link issued yet.');
}

function revokeButton(base, jti) {
  const button = el('button', { type: 'button', class: 'danger' }, 'Revoke');
  button.addEventListener('click', async () => {
    if (await busy(button, () => del(`${base}/proposal-tokens/${encodeURIComponent(jti)}`))) {
      window.location.assign('?tab=proposal&saved=1');
    }
  });
  return button;
}

function sendForm(path, partner, label) {
  const primary = partner.contacts.find(c => c.isPrimary) || partner.contacts[0] || {};
  return form([
    field('Recipient', 'recipient', { type: 'email', value: primary.email }),
    field('Contact name', 'contactName', { value: primary.name }),
    field('Language', 'lang', { options: [['en', 'English'], ['ar', 'العربية']] }),
  ], label, async (f, button) => {
    const body = { recipient: value(f, 'recipient'), contactName: value(f, 'contactName'), lang: value(f, 'lang') };
    const sent = await busy(button, () => post(path, body), f);
    if (sent) {
      toast(`Sent to ${sent.recipient}.`, 'success');
    }
  }, { 'aria-label': label });
}

async function ndas({ base, main }) {
  const list = await get(`${base}/ndas?size=100`);
  const verify = el('button', { type: 'button', class: 'secondary' }, 'Verify the evidence chain');
  const verdict = el('div', { 'aria-live': 'polite' });
  verify.addEventListener('click', async () => {
    const v = await busy(verify, () => get('/api/ndas/verify'));
    if (v) {
      replace(verdict, el('div', { class: `pp-alert ${v.valid ? 'success' : 'error'}` },
        v.valid ? `The chain of ${v.records} record(s) is intact.` : `The chain is broken at ${v.firstBroken}.`));
    }
  });
  main.append(card('NDA history', el('p', { class: 'pp-row' }, verify), verdict,
    list.items.length ? list.items.map(n => el('details', { class: 'pp-card' },
      el('summary', {}, `${n.reference} — ${n.contactName} — ${when(n.signedAt)}${n.resetAt ? ' (reset)' : ''}`),
      el('dl', { class: 'facts' },
        fact('Signer', `${n.contactName} <${n.contactEmail}>${n.contactTitle ? `, ${n.contactTitle}` : ''}`),
        fact('Typed signature', n.signature), fact('Signed (local)', `${n.signedAtLocal || ''} ${n.timeZone || ''}`),
        fact('Expires', when(n.expiresAt)), fact('Text', `${n.templateVersion} (${n.lang}) sha256 ${n.textSha256}`),
        fact('IP', n.ip), fact('User agent', n.userAgent), fact('Consent', n.consent), fact('Credential', n.authMethod),
        fact('Hash', el('code', { class: 'secret' }, n.hash || '')), fact('Previous hash', el('code', { class: 'secret' }, n.prevHash || ''))),
      el('p', {}, el('a', { class: 'pp-button secondary', href: `/api/ndas/${encodeURIComponent(n.reference)}/certificate`, download: `${n.reference}.pdf` },
        'Download the certificate (PDF)'))))
      : el('p', { class: 'pp-muted' }, 'No NDA signed yet.')));
}

async function vault({ base, main }) {
  const [docs, downloads] = await Promise.all([get(`${base}/documents?size=100`), get(`${base}/downloads?size=50`)]);
  const upload = form([
    field('File', 'file', { type: 'file', required: true }), field('Title', 'title'), ...docFields(),
    checkbox('Only after a signed NDA', 'requiresNda', true),
  ], 'Upload', async (f, button) => {
    const data = new FormData();
    const file = f.elements.namedItem('file').files[0];
    if (file) {
      data.set('file', file);
    }
    if (value(f, 'title')) {
      data.set('title', value(f, 'title'));
    }
    data.set('requiresNda', String(f.elements.namedItem('requiresNda').checked));
    for (const name of ['type', 'status', 'notes']) {
      if (value(f, name)) {
        data.set(name, value(f, name));
      }
    }
    if (await busy(button, () => multipart(`${base}/documents`, data), f)) {
      window.location.assign('?tab=vault&saved=1');
    }
  }, { 'aria-label': 'Upload a document' });
  const link = form([
    field('Title', 'title', { required: true }), field('URL', 'url', { type: 'url', required: true }), ...docFields(),
    checkbox('Only after a signed NDA', 'requiresNda', true),
  ], 'Add link', async (f, button) => {
    const body = {
      title: value(f, 'title'), url: value(f, 'url'), requiresNda: value(f, 'requiresNda'),
      type: value(f, 'type'), status: value(f, 'status'), notes: value(f, 'notes'),
    };
    if (await busy(button, () => post(`${base}/documents`, body), f)) {
      window.location.assign('?tab=vault&saved=1');
    }
  }, { 'aria-label': 'Add a link' });
  main.append(el('div', { class: 'grid-2' }, card('Upload a file', upload), card('Add a link', link)),
    card('Documents', table('Documents', [
      ['Title', d => (d.kind === 'link' ? el('a', { href: d.url, rel: 'noopener noreferrer' }, d.title)
        : el('a', { href: `${base}/documents/${encodeURIComponent(d.id)}/content`, download: d.filename || true }, d.title))],
      ['Kind', d => d.kind], ['Type', d => d.type || '—'], ['Status', d => d.status || '—'],
      ['NDA required', d => (d.requiresNda ? 'Yes' : 'No')],
      ['Size', d => (d.size ? `${Math.ceil(d.size / 1024)} KB` : '—')], ['Added', d => when(d.createdAt)]],
    docs.items, 'The vault is empty.'),
    docs.items.filter(d => d.kind !== 'nda').map(d => documentEditor(base, d))),
    card('Downloads', table('Downloads', [
      ['When', d => when(d.at)], ['Document', d => d.title], ['By', d => d.downloadedBy || d.auth],
      ['Allowed by', d => d.allowedBy || d.ndaReference || '—'], ['IP', d => d.ip || '—']], downloads.items, 'Nothing downloaded yet.')));
}

const DOC_STATUSES = ['draft', 'sent', 'signed', 'final', 'archived'];

/** Seed 002's document fields: type (a key, general by default), status, notes. */
function docFields(d = {}) {
  const statuses = DOC_STATUSES.includes(d.status || 'draft') ? DOC_STATUSES : [...DOC_STATUSES, d.status];
  return [
    field('Type', 'type', { value: d.type || 'general', hint: 'A key such as general, contract, invoice, deck', pattern: '[a-z0-9][a-z0-9_-]{0,39}' }),
    field('Status', 'status', { options: statuses.map(v => [v, v]), value: d.status || 'draft' }),
    field('Notes', 'notes', { rows: 2, value: d.notes || '' }),
  ];
}

/** Edit a file's or link's fields (merge patch, audited) or remove it (a tombstone, audited). */
function documentEditor(base, d) {
  const path = `${base}/documents/${encodeURIComponent(d.id)}`;
  const edit = form([
    field('Title', 'title', { required: true, value: d.title }), ...docFields(d),
    checkbox('Only after a signed NDA', 'requiresNda', d.requiresNda),
  ], 'Save document', async (f, button) => {
    const body = {
      title: value(f, 'title'), type: value(f, 'type'), status: value(f, 'status'), notes: value(f, 'notes'),
      requiresNda: value(f, 'requiresNda'),
    };
    if (await busy(button, () => patch(path, body), f)) {
      window.location.assign('?tab=vault&saved=1');
    }
  }, { 'aria-label': `Edit document ${d.title}` });
  const remove = form([checkbox('Yes, remove it: the partner will no longer see it', 'confirm')], 'Remove document',
    async (f, button) => {
      if (!value(f, 'confirm')) {
        report(new ApiError(400, { title: 'Confirm the removal', errors: [{ field: 'confirm', message: 'tick the box to remove the document' }] }), f);
        return;
      }
      if (await busy(button, () => del(path), f)) {
        window.location.assign('?tab=vault&saved=1');
      }
    }, { 'aria-label': `Remove document ${d.title}` });
  return el('details', { class: 'pp-card' }, el('summary', {}, `Edit or remove “${d.title}”`), edit, remove);
}

/** A multipart upload with the CSRF header (api.js speaks JSON only). */
async function multipart(path, data) {
  const response = await fetch(path, {
    method: 'POST', body: data, credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken() || '', Accept: 'application/json, application/problem+json' },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

async function portal({ base, partner, main }) {
  const rotate = el('button', { type: 'button', class: 'danger' }, 'Rotate the portal key (old links stop working)');
  rotate.addEventListener('click', async () => {
    const v = await busy(rotate, () => post(`${base}/portal-access/rotate`));
    if (v) {
      toast(`Portal key is now version ${v.keyVersion}.`, 'success');
    }
  });
  main.append(card('Portal access',
    el('p', { class: 'pp-muted' }, 'E-mails the partner a link to their portal: timeline, NDA history, vault downloads and action items.'),
    sendForm(`${base}/portal-access`, partner, 'Send portal access'), el('p', { class: 'pp-row' }, rotate)));
}

async function activity({ base, main }) {
  const actions = await get(`${base}/actions?size=100`);
  const reload = () => window.location.assign('?tab=activity&saved=1');
  const meeting = form([
    field('Title', 'title', { required: true }), field('Starts at', 'startsAt', { type: 'datetime-local', required: true }),
    field('Attendees', 'attendees', { hint: 'E-mail addresses, comma-separated' }),
    field('Agenda', 'agenda', { rows: 3, hint: 'One item per line' }),
    field('Action items', 'actionItems', { rows: 3, hint: 'One per line: title | assignee | YYYY-MM-DD' }),
  ], 'Schedule meeting', async (f, button) => {
    const at = value(f, 'startsAt');
    const lines = name => (value(f, name) || '').split('\n').map(s => s.trim()).filter(Boolean);
    const body = {
      title: value(f, 'title'), startsAt: at ? new Date(at).toISOString() : null,
      attendees: (value(f, 'attendees') || '').split(',').map(s => s.trim()).filter(Boolean).map(email => ({ email })),
      agenda: lines('agenda'),
      actionItems: lines('actionItems').map(l => {
        const [title, assignee, dueDate] = l.split('|').map(s => s.trim());
        return { title, assignee: assignee || null, dueDate: dueDate || null };
      }),
    };
    if (await busy(button, () => post(`${base}/meetings`, body), f)) {
      reload();
    }
  }, { 'aria-label': 'Schedule a meeting' });
  const action = form([
    field('Title', 'title', { required: true }), field('Assignee', 'assignee'), field('Due', 'dueDate', { type: 'date' }),
  ], 'Add action item', async (f, button) => {
    const body = { title: value(f, 'title'), assignee: value(f, 'assignee'), dueDate: value(f, 'dueDate') };
    if (await busy(button, () => post(`${base}/actions`, body), f)) {
      reload();
    }
  }, { 'aria-label': 'Add an action item' });
  const decision = form([
    field('Decision', 'title', { required: true }), field('Rationale', 'rationale', { rows: 3 }),
  ], 'Record decision', async (f, button) => {
    if (await busy(button, () => post(`${base}/decisions`, { title: value(f, 'title'), rationale: value(f, 'rationale') }), f)) {
      reload();
    }
  }, { 'aria-label': 'Record a decision' });
  main.append(
    card('Action items', table('Action items', [
      ['Action', a => a.title], ['Assignee', a => a.assignee || '—'], ['Due', a => day(a.dueDate)],
      ['Status', a => a.status], ['', a => (a.status === 'done' ? `done ${when(a.completedAt)}` : doneButton(a))]],
    actions.items, 'No action item.')),
    el('div', { class: 'grid-2' }, card('Schedule a meeting', meeting), card('Add an action item', action),
      card('Record a decision', decision)),
    el('p', {}, 'Meetings, decisions and communications appear in the ', el('a', { href: '?tab=overview' }, 'timeline'), '.'));
}

function doneButton(a) {
  const button = el('button', { type: 'button', class: 'secondary' }, 'Mark done');
  button.addEventListener('click', async () => {
    const done = await busy(button, () => patch(`/api/actions/${encodeURIComponent(a.id)}`, { status: 'done' },
      { headers: { 'If-Match': String(a.version) } }));
    if (done) {
      window.location.assign('?tab=activity&saved=1');
    }
  });
  return button;
}


