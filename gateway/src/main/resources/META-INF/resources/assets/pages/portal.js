/**
 * The partner's portal, /portal/{token}: open action items to mark done, the vault (a document
 * that needs a signed NDA says so instead of offering a download that would be refused), the
 * NDA history and the timeline. The token in the address is the only credential.
 */
import { get, post } from '../api.js';
import { el, replace, formatDate, toast } from '../dom.js';
import { startI18n, errorMessage, lang, onLanguageChange, t } from '../i18n.js';

startI18n({
  en: {
    'portal.title': 'Partner portal',
    'portal.brand': 'Partner Portal',
    'portal.stage': 'Stage: {stage}',
    'portal.stages.draft': 'Draft', 'portal.stages.proposal_sent': 'Proposal sent',
    'portal.stages.meeting_scheduled': 'Meeting scheduled', 'portal.stages.nda_signed': 'NDA signed',
    'portal.stages.mou_signed': 'MoU signed', 'portal.stages.active': 'Active', 'portal.stages.on_hold': 'On hold',
    'portal.actions.heading': 'Your action items',
    'portal.actions.none': 'Nothing to do right now.',
    'portal.actions.due': 'due {date}',
    'portal.actions.done': 'Done',
    'portal.actions.markDone': 'Mark as done',
    'portal.actions.marked': 'Marked as done: {title}',
    'portal.documents.heading': 'Documents',
    'portal.documents.none': 'No documents yet.',
    'portal.documents.download': 'Download',
    'portal.documents.open': 'Open link',
    'portal.documents.gated': 'Available once your organisation has signed the NDA.',
    'portal.documents.needsNda': 'NDA required',
    'portal.ndas.heading': 'Non-disclosure agreements',
    'portal.ndas.none': 'No NDA signed yet.',
    'portal.ndas.signedBy': 'Signed by {name} on {date}',
    'portal.ndas.validUntil': 'valid until {date}',
    'portal.ndas.valid': 'Valid',
    'portal.ndas.expired': 'Not valid',
    'portal.timeline.heading': 'Timeline',
    'portal.timeline.none': 'Nothing yet.',
    'portal.tier.platinum': 'Platinum', 'portal.tier.gold': 'Gold', 'portal.tier.silver': 'Silver',
    'portal.tier.bronze': 'Bronze', 'portal.tier.community': 'Community',
  },
  ar: {
    'portal.title': 'بوابة الشريك',
    'portal.brand': 'بوابة الشركاء',
    'portal.stage': 'المرحلة: {stage}',
    'portal.stages.draft': 'مسودة', 'portal.stages.proposal_sent': 'أُرسل العرض',
    'portal.stages.meeting_scheduled': 'تحدد اجتماع', 'portal.stages.nda_signed': 'وُقّعت اتفاقية عدم الإفصاح',
    'portal.stages.mou_signed': 'وُقّعت مذكرة التفاهم', 'portal.stages.active': 'شراكة فاعلة', 'portal.stages.on_hold': 'معلّقة',
    'portal.actions.heading': 'مهامك',
    'portal.actions.none': 'لا شيء مطلوب الآن.',
    'portal.actions.due': 'تستحق في {date}',
    'portal.actions.done': 'منجزة',
    'portal.actions.markDone': 'تعليم كمنجزة',
    'portal.actions.marked': 'عُلّمت كمنجزة: {title}',
    'portal.documents.heading': 'المستندات',
    'portal.documents.none': 'لا توجد مستندات بعد.',
    'portal.documents.download': 'تنزيل',
    'portal.documents.open': 'فتح الرابط',
    'portal.documents.gated': 'متاح بعد توقيع مؤسستك على اتفاقية عدم الإفصاح.',
    'portal.documents.needsNda': 'يتطلب اتفاقية عدم إفصاح',
    'portal.ndas.heading': 'اتفاقيات عدم الإفصاح',
    'portal.ndas.none': 'لم تُوقَّع أي اتفاقية بعد.',
    'portal.ndas.signedBy': 'وقّعها {name} في {date}',
    'portal.ndas.validUntil': 'سارية حتى {date}',
    'portal.ndas.valid': 'سارية',
    'portal.ndas.expired': 'غير سارية',
    'portal.timeline.heading': 'السجل الزمني',
    'portal.timeline.none': 'لا شيء بعد.',
    'portal.tier.platinum': 'بلاتيني', 'portal.tier.gold': 'ذهبي', 'portal.tier.silver': 'فضي',
    'portal.tier.bronze': 'برونزي', 'portal.tier.community': 'مجتمعي',
  },
});

const token = decodeURIComponent(location.pathname.split('/')[2] || '');
const base = `/api/portal/${encodeURIComponent(token)}`;
let portal = null;
let timeline = [];
let failure = null;

function emptyItem(key) {
  return el('li', { class: 'pp-muted' }, t(key));
}

/** The stage in the page's language; a stage this page does not know yet keeps its own name. */
function stageLabel(stage) {
  const key = `portal.stages.${stage}`;
  const label = t(key);
  return label === key ? stage : label;
}

function renderPartner() {
  const { name, tier, stage } = portal.partner || {};
  const holder = document.getElementById('partner');
  replace(holder, el('strong', {}, name || ''),
    tier ? el('span', { class: `pp-tier ${tier}` }, t(`portal.tier.${tier}`)) : null,
    stage ? el('span', { class: 'pp-muted' }, t('portal.stage', { stage: stageLabel(stage) })) : null);
  holder.hidden = false;
}

function renderActions() {
  const items = portal.actionItems || [];
  replace(document.getElementById('action-list'), items.length ? items.map(item => {
    const done = item.status === 'done';
    return el('li', { class: 'pp-row', 'data-action-id': item.actionId },
      el('span', {}, item.title),
      item.dueDate ? el('span', { class: 'pp-muted' }, t('portal.actions.due', { date: formatDate(item.dueDate, lang(), false) })) : null,
      done ? el('span', { class: 'pp-alert success' }, t('portal.actions.done'))
        : el('button', { type: 'button', class: 'secondary', onClick: () => markDone(item) }, t('portal.actions.markDone')));
  }) : emptyItem('portal.actions.none'));
}

async function markDone(item) {
  try {
    await post(`${base}/actions/${encodeURIComponent(item.actionId)}/done`);
    item.status = 'done';
    renderActions();
    toast(t('portal.actions.marked', { title: item.title }), 'success');
  } catch (error) {
    toast(errorMessage(error), 'error');
  }
}

/** Whether a gated document would be refused now: no valid NDA and the partnership is not active yet. */
function locked(doc) {
  return doc.requiresNda && !(portal.ndas || []).some(n => n.valid) && portal.partner?.stage !== 'active';
}

function renderDocuments() {
  const docs = portal.documents || [];
  replace(document.getElementById('document-list'), docs.length ? docs.map(doc => {
    const href = `${base}/documents/${encodeURIComponent(doc.id)}`;
    let access;
    if (locked(doc)) {
      access = el('span', { class: 'pp-muted', id: `gated-${doc.id}` }, t('portal.documents.gated'));
    } else if (doc.kind === 'link') {
      // the listing has no address: the gate checks the NDA, records the download and redirects
      access = el('a', {
        href: `${href}?redirect=true`, target: '_blank', rel: 'noopener noreferrer', class: 'pp-button secondary',
      }, t('portal.documents.open'));
    } else {
      access = el('a', { href, download: doc.filename || true, class: 'pp-button secondary', 'data-document-id': doc.id },
        t('portal.documents.download'));
    }
    return el('li', { class: 'pp-row', 'data-document-id': doc.id },
      el('span', {}, doc.title),
      doc.requiresNda ? el('span', { class: 'pp-tier community' }, t('portal.documents.needsNda')) : null,
      access);
  }) : emptyItem('portal.documents.none'));
}

function renderNdas() {
  const ndas = portal.ndas || [];
  replace(document.getElementById('nda-list'), ndas.length ? ndas.map(nda => el('li', {},
    el('strong', { dir: 'ltr' }, nda.reference), ' ',
    el('span', {}, t('portal.ndas.signedBy', { name: nda.signerName || '', date: formatDate(nda.signedAt, lang()) })), ' · ',
    el('span', {}, t('portal.ndas.validUntil', { date: formatDate(nda.expiresAt, lang(), false) })), ' ',
    el('span', { class: `pp-alert ${nda.valid ? 'success' : 'warning'}` }, t(nda.valid ? 'portal.ndas.valid' : 'portal.ndas.expired'))))
    : emptyItem('portal.ndas.none'));
}

function renderTimeline() {
  replace(document.getElementById('timeline-list'), timeline.length ? timeline.map(entry => el('li', {},
    el('time', { datetime: entry.occurredAt, class: 'pp-muted' }, formatDate(entry.occurredAt, lang())), ' — ',
    el('span', {}, entry.title || entry.kind),
    entry.detail ? el('div', { class: 'pp-muted' }, entry.detail) : null))
    : emptyItem('portal.timeline.none'));
}

function renderAll() {
  if (failure) {
    replace(document.getElementById('error'), el('div', { class: 'pp-alert error', role: 'alert' }, errorMessage(failure)));
    return;
  }
  if (!portal) {
    return;
  }
  renderPartner();
  renderActions();
  renderDocuments();
  renderNdas();
  renderTimeline();
}

onLanguageChange(renderAll);

Promise.all([get(base), get(`${base}/timeline?size=50`)])
  .then(([loaded, entries]) => {
    portal = loaded;
    timeline = entries.items || [];
    document.getElementById('status').hidden = true;
    document.getElementById('content').hidden = false;
    renderAll();
  })
  .catch(error => {
    failure = error;
    document.getElementById('status').hidden = true;
    renderAll();
  });
