/**
 * The access request page, /partner/register, open to anyone: the form goes to the API as it is,
 * with the page's language (the approval or denial mail is written in it), and the API's field
 * errors are shown beside their fields, in the page's language.
 */
import { post } from '../api.js';
import { el, replace, formValues, showFieldErrors, clearFieldErrors } from '../dom.js';
import { startI18n, errorMessage, fieldMessage, onLanguageChange, t, lang } from '../i18n.js';

startI18n({
  en: {
    'register.title': 'Request partner access',
    'register.brand': 'Partner Portal',
    'register.intro': 'Tell us who you are; our partnerships team reviews every request and answers by e-mail.',
    'register.name': 'Your name',
    'register.email': 'Work e-mail',
    'register.company': 'Company',
    'register.message': 'Message (optional)',
    'register.submit': 'Send the request',
    'register.sending': 'Sending…',
    'register.success.heading': 'Request received',
    'register.success.text': 'Thank you. We will review your request and write to you by e-mail.',
    'register.success.reference': 'Request number',
  },
  ar: {
    'register.title': 'طلب الانضمام إلى الشركاء',
    'register.brand': 'بوابة الشركاء',
    'register.intro': 'عرّفنا بنفسك؛ يراجع فريق الشراكات كل طلب ويردّ عليه بالبريد الإلكتروني.',
    'register.name': 'اسمك',
    'register.email': 'بريد العمل الإلكتروني',
    'register.company': 'الشركة',
    'register.message': 'رسالة (اختياري)',
    'register.submit': 'إرسال الطلب',
    'register.sending': 'جارٍ الإرسال…',
    'register.success.heading': 'تم استلام الطلب',
    'register.success.text': 'شكرًا لك. سنراجع طلبك ونكتب إليك بالبريد الإلكتروني.',
    'register.success.reference': 'رقم الطلب',
  },
});

const form = document.getElementById('register-form');
const errorBox = document.getElementById('error');
const submit = document.getElementById('register-submit');
/** The last failure, kept to say it again in another language. */
let failure = null;

function showFailure() {
  replace(errorBox, failure ? el('div', { class: 'pp-alert error', role: 'alert' }, errorMessage(failure)) : null);
  if (failure) {
    showFieldErrors(form, failure, fieldMessage);
  }
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  failure = null;
  clearFieldErrors(form);
  replace(errorBox);
  submit.disabled = true;
  submit.textContent = t('register.sending');
  const partnerId = new URLSearchParams(location.search).get('partnerId');
  try {
    const accepted = await post('/api/partner/register',
      { ...formValues(form), lang: lang(), ...(partnerId ? { partnerId } : {}) });
    document.getElementById('request-id').textContent = accepted?.id || '';
    document.getElementById('request').hidden = true;
    document.getElementById('success').hidden = false;
    document.getElementById('success-heading').focus();
  } catch (error) {
    failure = error;
    showFailure();
  } finally {
    submit.disabled = false;
    submit.textContent = t('register.submit');
  }
});

onLanguageChange(() => {
  // say the failure again in the new language without taking the focus from the switch
  const focused = document.activeElement;
  showFailure();
  focused?.focus();
});
