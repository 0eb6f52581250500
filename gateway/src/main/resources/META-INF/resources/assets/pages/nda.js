/**
 * The NDA page, /sign/{id}/nda?token=…: four steps, contact details → the NDA text in the chosen
 * language (scrolled to its end to unlock the next step) → typed signature → the reference and the
 * certificate. The API is called only to fetch the text and to sign (3 signatures an hour per
 * address), so the details are checked here first.
 */
import { get, post } from '../api.js';
import { el, replace, formValues, showFieldErrors, clearFieldErrors, formatDate } from '../dom.js';
import { startI18n, errorMessage, lang, ltr, onLanguageChange, t } from '../i18n.js';
import { renderMarkdown } from '../markdown.js';

startI18n({
  en: {
    'nda.title': 'Sign the non-disclosure agreement',
    'nda.brand': 'Partner Portal',
    'nda.step.contact': 'Your details',
    'nda.step.read': 'Read the agreement',
    'nda.step.sign': 'Sign',
    'nda.step.done': 'Done',
    'nda.contact.heading': 'Your details',
    'nda.contact.name': 'Full name',
    'nda.contact.email': 'E-mail',
    'nda.contact.jobTitle': 'Job title',
    'nda.next': 'Continue',
    'nda.back': 'Back',
    'nda.read.heading': 'Read the agreement',
    'nda.read.version': 'Version {version}',
    'nda.read.hint': 'Scroll to the end of the agreement to continue.',
    'nda.read.unlocked': 'You have reached the end of the agreement.',
    'nda.read.next': 'I have read it',
    'nda.sign.heading': 'Sign',
    'nda.sign.label': 'Type your full name as your signature',
    'nda.sign.hint': 'Typing your name here signs the agreement you have just read, with the same effect as a handwritten signature.',
    'nda.sign.submit': 'Sign the NDA',
    'nda.sign.sending': 'Signing…',
    'nda.done.heading': 'The NDA is signed',
    'nda.done.reference': 'Reference',
    'nda.done.signedAt': 'Signed on {date} (Muscat time: {local})',
    'nda.done.expires': 'Valid until {date}',
    'nda.done.mail': 'A copy with its completion certificate has been sent to your e-mail address.',
    'nda.done.certificate': 'Download the certificate (PDF)',
    'nda.error.required': 'Please fill in this field.',
    'nda.error.email': 'Please enter a valid e-mail address.',
    'nda.error.noToken': 'This page needs the link from your proposal (it carries an access token).',
    'nda.error.textChanged': 'The agreement has been updated since you opened it. Please read the new version before signing.',
    'nda.error.rateLimited': 'Too many signing attempts from your address. For your protection, please try again in {minutes} minute(s).',
  },
  ar: {
    'nda.title': 'توقيع اتفاقية عدم الإفصاح',
    'nda.brand': 'بوابة الشركاء',
    'nda.step.contact': 'بياناتك',
    'nda.step.read': 'قراءة الاتفاقية',
    'nda.step.sign': 'التوقيع',
    'nda.step.done': 'تم',
    'nda.contact.heading': 'بياناتك',
    'nda.contact.name': 'الاسم الكامل',
    'nda.contact.email': 'البريد الإلكتروني',
    'nda.contact.jobTitle': 'المسمى الوظيفي',
    'nda.next': 'متابعة',
    'nda.back': 'رجوع',
    'nda.read.heading': 'قراءة الاتفاقية',
    'nda.read.version': 'الإصدار {version}',
    'nda.read.hint': 'مرّر حتى نهاية الاتفاقية للمتابعة.',
    'nda.read.unlocked': 'لقد وصلت إلى نهاية الاتفاقية.',
    'nda.read.next': 'لقد قرأتها',
    'nda.sign.heading': 'التوقيع',
    'nda.sign.label': 'اكتب اسمك الكامل بوصفه توقيعك',
    'nda.sign.hint': 'كتابة اسمك هنا توقيعٌ على الاتفاقية التي قرأتها للتو، وله أثر التوقيع بخط اليد نفسه.',
    'nda.sign.submit': 'وقّع الاتفاقية',
    'nda.sign.sending': 'جارٍ التوقيع…',
    'nda.done.heading': 'تم توقيع اتفاقية عدم الإفصاح',
    'nda.done.reference': 'المرجع',
    'nda.done.signedAt': 'وُقّعت في {date} (بتوقيت مسقط: {local})',
    'nda.done.expires': 'سارية حتى {date}',
    'nda.done.mail': 'أُرسلت نسخة مع شهادة الإتمام إلى بريدك الإلكتروني.',
    'nda.done.certificate': 'تنزيل الشهادة (PDF)',
    'nda.error.required': 'يُرجى تعبئة هذا الحقل.',
    'nda.error.email': 'يُرجى إدخال بريد إلكتروني صحيح.',
    'nda.error.noToken': 'تحتاج هذه الصفحة إلى الرابط الوارد في عرضك (فهو يحمل رمز الدخول).',
    'nda.error.textChanged': 'تم تحديث الاتفاقية منذ أن فتحتها. يُرجى قراءة الإصدار الجديد قبل التوقيع.',
    'nda.error.rateLimited': 'محاولات توقيع كثيرة من عنوانك. حفاظًا على أمانك، يُرجى المحاولة مرة أخرى بعد {minutes} دقيقة.',
  },
});

const partnerId = decodeURIComponent(location.pathname.split('/')[2] || '');
const token = new URLSearchParams(location.search).get('token');
const contactForm = document.getElementById('contact-form');
const signForm = document.getElementById('sign-form');
const textBox = document.getElementById('nda-text');
const readNext = document.getElementById('read-next');
const errorBox = document.getElementById('error');

let step = 1;
let template = null;
let receipt = null;
/** The current error as a function, so that it can be said again in another language. */
let currentError = null;

function showError(message) {
  currentError = message;
  replace(errorBox, message ? el('div', { class: 'pp-alert error', role: 'alert' }, message()) : null);
}

function goTo(next, focus = true) {
  step = next;
  for (let i = 1; i <= 4; i++) {
    document.getElementById(`step-${i}`).hidden = i !== step;
  }
  for (const item of document.querySelectorAll('#steps li')) {
    if (Number(item.dataset.step) === step) {
      item.setAttribute('aria-current', 'step');
    } else {
      item.removeAttribute('aria-current');
    }
  }
  if (focus) {
    document.getElementById(`step-${step}-heading`).focus();
  }
}

// ---- step 1: contact details, checked here (the signing call is rate limited) ----

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function localErrors(form) {
  const fields = [];
  for (const control of form.elements) {
    if (!control.name) {
      continue;
    }
    const value = control.value.trim();
    if (control.required && !value) {
      fields.push({ field: control.name, message: t('nda.error.required') });
    } else if (control.type === 'email' && !EMAIL.test(value)) {
      fields.push({ field: control.name, message: t('nda.error.email') });
    }
  }
  return fields;
}

contactForm.addEventListener('submit', event => {
  event.preventDefault();
  const fields = localErrors(contactForm);
  if (fields.length) {
    showFieldErrors(contactForm, { fields });
    return;
  }
  clearFieldErrors(contactForm);
  goTo(2);
  loadText();
});

// ---- step 2: the text, in the page's language, unlocked at its end ----

function loadText() {
  // forget the text shown so far: while the new one loads, the short placeholder must not count as read
  template = null;
  readNext.disabled = true;
  document.getElementById('scroll-hint').textContent = t('nda.read.hint');
  replace(textBox, t('common.loading'));
  const asked = lang();
  get(`/api/nda/template?${new URLSearchParams({ lang: asked })}`)
    .then(loaded => {
      if (asked !== lang()) {
        return;
      }
      template = loaded;
      document.getElementById('nda-version').textContent = t('nda.read.version', { version: ltr(template.version) });
      textBox.lang = template.lang;
      replace(textBox, renderMarkdown(template.text));
      textBox.scrollTop = 0;
      checkScrolledToEnd();
    })
    .catch(error => showError(() => errorMessage(error)));
}

function checkScrolledToEnd() {
  if (!template || !readNext.disabled) {
    return;
  }
  if (textBox.scrollTop + textBox.clientHeight >= textBox.scrollHeight - 4) {
    readNext.disabled = false;
    document.getElementById('scroll-hint').textContent = t('nda.read.unlocked');
  }
}

textBox.addEventListener('scroll', checkScrolledToEnd, { passive: true });
document.getElementById('read-back').addEventListener('click', () => goTo(1));
readNext.addEventListener('click', () => {
  if (!readNext.disabled) {
    goTo(3);
  }
});

// ---- step 3: the typed signature, then the one call that signs ----

const signature = document.getElementById('signature');
signature.addEventListener('input', () => {
  document.getElementById('signature-preview').textContent = signature.value;
});
document.getElementById('sign-back').addEventListener('click', () => goTo(2));

signForm.addEventListener('submit', async event => {
  event.preventDefault();
  const fields = localErrors(signForm);
  if (fields.length) {
    showFieldErrors(signForm, { fields });
    return;
  }
  clearFieldErrors(signForm);
  showError(null);
  const submit = document.getElementById('sign-submit');
  submit.disabled = true;
  submit.textContent = t('nda.sign.sending');
  try {
    receipt = await post(`/api/proposals/${encodeURIComponent(partnerId)}/nda`, {
      ...formValues(contactForm), signature: signature.value.trim(),
      templateVersion: template.version, textSha256: template.sha256,
    }, { linkToken: token });
    showDone();
  } catch (error) {
    signFailed(error);
  } finally {
    submit.disabled = false;
    submit.textContent = t('nda.sign.submit');
  }
});

function signFailed(error) {
  if (error.status === 409) {
    // the text changed: read the new one before signing it
    showError(() => t('nda.error.textChanged'));
    goTo(2);
    loadText();
  } else if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter || 3600) / 60));
    showError(() => t('nda.error.rateLimited', { minutes }));
  } else if (error.fields.length) {
    const onContact = error.fields.some(f => contactForm.elements.namedItem(f.field));
    if (onContact) {
      goTo(1, false);
    }
    showFieldErrors(onContact ? contactForm : signForm, error);
    showError(() => errorMessage(error));
  } else {
    showError(() => errorMessage(error));
  }
}

// ---- step 4: the reference and the certificate ----

function showDone() {
  document.getElementById('nda-reference').textContent = receipt.reference;
  const certificate = document.getElementById('certificate-link');
  certificate.href = `/api/proposals/${encodeURIComponent(partnerId)}/ndas/${encodeURIComponent(receipt.reference)}`
    + `/certificate?${new URLSearchParams({ token })}`;
  renderReceiptDates();
  goTo(4);
}

function renderReceiptDates() {
  if (!receipt) {
    return;
  }
  document.getElementById('nda-signed-at').textContent = t('nda.done.signedAt', {
    date: formatDate(receipt.signedAt, lang()), local: ltr(receipt.signedAtLocal),
  });
  document.getElementById('nda-expires').textContent = t('nda.done.expires', {
    date: formatDate(receipt.expiresAt, lang(), false),
  });
}

// ---- language: the text to sign follows it ----

onLanguageChange(() => {
  if (currentError) {
    showError(currentError);
  }
  renderReceiptDates();
  if (step === 2 || step === 3) {
    // a signature covers the text that was read: a new language means reading it again
    if (step === 3) {
      goTo(2);
    }
    loadText();
  }
});

if (!token) {
  showError(() => t('nda.error.noToken'));
  contactForm.querySelector('button').disabled = true;
}
goTo(1, false);
