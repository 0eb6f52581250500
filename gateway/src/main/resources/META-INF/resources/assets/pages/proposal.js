/**
 * The proposal page, /partnership/{id}?token=…: the sections appear only once the API has accepted
 * the token; the time spent on each section is reported (sendBeacon) when the page is hidden or left.
 */
import { get } from '../api.js';
import { el, replace } from '../dom.js';
import { startI18n, errorMessage, lang, onLanguageChange, t } from '../i18n.js';
import { renderMarkdown } from '../markdown.js';
import { SectionViewTracker, beacon } from './view-tracker.js';

/** The sections of a proposal, in the order they are shown (API.md). */
const SECTIONS = ['hero', 'terms', 'metrics', 'value', 'modules', 'why', 'next_steps', 'cta', 'documents'];

startI18n({
  en: {
    'proposal.title': 'Partnership proposal',
    'proposal.brand': 'Partner Portal',
    'proposal.for': 'Prepared for {name}',
    'proposal.noToken': 'This page needs the link you received by e-mail (it carries an access token).',
    'proposal.empty': 'The proposal is not ready yet. Please come back later.',
    'proposal.section.hero': 'Overview',
    'proposal.section.terms': 'Terms',
    'proposal.section.metrics': 'Key figures',
    'proposal.section.value': 'What you get',
    'proposal.section.modules': 'Modules',
    'proposal.section.why': 'Why partner with us',
    'proposal.section.next_steps': 'Next steps',
    'proposal.section.cta': 'Get started',
    'proposal.section.documents': 'Documents',
    'proposal.sign.heading': 'Ready for the next step?',
    'proposal.sign.text': 'Read and sign the non-disclosure agreement to open the partner vault.',
    'proposal.sign.button': 'Read and sign the NDA',
  },
  ar: {
    'proposal.title': 'عرض الشراكة',
    'proposal.brand': 'بوابة الشركاء',
    'proposal.for': 'أُعدّ من أجل {name}',
    'proposal.noToken': 'تحتاج هذه الصفحة إلى الرابط الذي وصلك بالبريد الإلكتروني (فهو يحمل رمز الدخول).',
    'proposal.empty': 'العرض غير جاهز بعد. يُرجى العودة لاحقًا.',
    'proposal.section.hero': 'نظرة عامة',
    'proposal.section.terms': 'الشروط',
    'proposal.section.metrics': 'أرقام رئيسية',
    'proposal.section.value': 'ما الذي تحصل عليه',
    'proposal.section.modules': 'الوحدات',
    'proposal.section.why': 'لماذا تشاركنا',
    'proposal.section.next_steps': 'الخطوات التالية',
    'proposal.section.cta': 'ابدأ الآن',
    'proposal.section.documents': 'المستندات',
    'proposal.sign.heading': 'هل أنت مستعد للخطوة التالية؟',
    'proposal.sign.text': 'اقرأ اتفاقية عدم الإفصاح ووقّعها لفتح خزنة الشركاء.',
    'proposal.sign.button': 'اقرأ اتفاقية عدم الإفصاح ووقّعها',
  },
});

const partnerId = decodeURIComponent(location.pathname.split('/')[2] || '');
const token = new URLSearchParams(location.search).get('token');
const status = document.getElementById('status');
const errorBox = document.getElementById('error');
let partnerName = null;
let failure = null;

function showError(message) {
  status.hidden = true;
  replace(errorBox, el('div', { class: 'pp-alert error', role: 'alert' }, message));
  errorBox.hidden = false;
}

function renderTexts() {
  if (partnerName) {
    document.getElementById('partner-name').textContent = t('proposal.for', { name: partnerName });
  }
  if (failure) {
    showError(failure());
  }
  const sign = document.getElementById('sign-link');
  sign.href = `/sign/${encodeURIComponent(partnerId)}/nda?${new URLSearchParams({ token: token || '', lang: lang() })}`;
}

function render(proposal) {
  partnerName = proposal.partnerName;
  const name = document.getElementById('partner-name');
  name.hidden = !partnerName;
  const holder = document.getElementById('sections');
  // one visit id per showing of the proposal: the service counts visits, not section reports
  const visitId = crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
  const report = (section, seconds) => beacon(
    `/api/proposals/${encodeURIComponent(partnerId)}/views?${new URLSearchParams({ token })}`, { section, seconds, visitId });
  const tracker = new SectionViewTracker(report);
  const shown = SECTIONS.filter(s => (proposal.sections || {})[s]);
  if (shown.length) {
    // the first report goes as soon as the proposal shows: it opens the visit and, the first
    // time, sends the admins' first-view alert without waiting for the partner to leave
    report(shown[0], 0);
  }
  for (const section of shown) {
    const headingId = `section-${section}-heading`;
    const node = el('section', { id: `section-${section}`, class: 'pp-card pp-prose', 'aria-labelledby': headingId },
      el('h2', { id: headingId, 'data-i18n': `proposal.section.${section}` }, t(`proposal.section.${section}`)),
      renderMarkdown(proposal.sections[section]));
    holder.appendChild(node);
    tracker.observe(node, section);
  }
  status.hidden = true;
  if (!shown.length) {
    status.hidden = false;
    status.dataset.i18n = 'proposal.empty';
    status.textContent = t('proposal.empty');
  }
  document.getElementById('sign').hidden = false;
  renderTexts();
}

onLanguageChange(renderTexts);

if (!token) {
  failure = () => t('proposal.noToken');
  renderTexts();
} else {
  get(`/api/proposals/${encodeURIComponent(partnerId)}`, { linkToken: token })
    .then(render)
    .catch(error => {
      failure = () => (error.status === 404 ? t('proposal.empty') : errorMessage(error));
      renderTexts();
    });
}
