/**
 * English and Arabic for every page. A page adds its own dictionaries with addMessages({en, ar});
 * setLanguage(lang) sets <html lang dir> (Arabic is right-to-left), re-translates every element
 * marked data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label) and
 * data-i18n-title (the document title), remembers the choice and tells the page (onLanguageChange)
 * so it can re-render what it built itself.
 */

export const LANGUAGES = { en: { name: 'English', dir: 'ltr' }, ar: { name: 'العربية', dir: 'rtl' } };

const STORAGE_KEY = 'pp-lang';

const messages = {
  en: {
    'common.error.network': 'The server could not be reached. Check your connection and try again.',
    'common.error.rateLimited': 'Too many attempts from your address. Please try again in {minutes} minute(s).',
    'common.error.unauthorized': 'This link is not valid, has expired or was revoked. Ask your contact for a new one.',
    'common.error.notFound': 'Not found.',
    'common.error.unavailable': 'The service is briefly unavailable. Please try again in a moment.',
    'common.error.generic': 'Something went wrong ({status}). Please try again.',
    'common.error.invalid': 'Please correct the highlighted fields.',
    'common.language': 'Language',
    'common.loading': 'Loading…',
    'common.skip': 'Skip to content',
    'common.field.required': 'Please fill in this field.',
    'common.field.email': 'Please enter a valid e-mail address.',
    'common.field.size': 'Please enter between {min} and {max} characters.',
    'common.field.max': 'Please enter at most {max} characters.',
  },
  ar: {
    'common.error.network': 'تعذّر الوصول إلى الخادم. تحقّق من اتصالك ثم حاول مرة أخرى.',
    'common.error.rateLimited': 'محاولات كثيرة من عنوانك. يُرجى المحاولة مرة أخرى بعد {minutes} دقيقة.',
    'common.error.unauthorized': 'هذا الرابط غير صالح أو منتهي الصلاحية أو تم إلغاؤه. اطلب رابطًا جديدًا من جهة الاتصال.',
    'common.error.notFound': 'غير موجود.',
    'common.error.unavailable': 'الخدمة غير متاحة مؤقتًا. يُرجى المحاولة بعد قليل.',
    'common.error.generic': 'حدث خطأ ({status}). يُرجى المحاولة مرة أخرى.',
    'common.error.invalid': 'يُرجى تصحيح الحقول المميّزة.',
    'common.language': 'اللغة',
    'common.loading': 'جارٍ التحميل…',
    'common.skip': 'انتقل إلى المحتوى',
    'common.field.required': 'يُرجى تعبئة هذا الحقل.',
    'common.field.email': 'يُرجى إدخال بريد إلكتروني صحيح.',
    'common.field.size': 'يُرجى إدخال ما بين {min} و{max} حرفًا.',
    'common.field.max': 'يُرجى إدخال {max} حرفًا على الأكثر.',
  },
};

const listeners = [];
let current = 'en';

/** Adds a page's dictionaries: {en: {key: text}, ar: {key: text}}. */
export function addMessages(dictionaries) {
  for (const [lang, entries] of Object.entries(dictionaries)) {
    messages[lang] = { ...(messages[lang] || {}), ...entries };
  }
}

/**
 * Text kept left to right inside a sentence of either direction (a reference, a version, an ISO
 * time): wrapped in Unicode directional isolates, so that Arabic text around it does not reorder it.
 */
export function ltr(text) {
  return `\u2066${text}\u2069`;
}

/** The current language code. */
export function lang() {
  return current;
}

/** The text of a key in the current language ({name} placeholders filled from params); English as fallback. */
export function t(key, params = {}) {
  const text = messages[current]?.[key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The language to start with: ?lang=, then the remembered choice, then the browser's. */
export function initialLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked in LANGUAGES) {
    return asked;
  }
  try {
    const remembered = localStorage.getItem(STORAGE_KEY);
    if (remembered in LANGUAGES) {
      return remembered;
    }
  } catch (e) {
    // storage disabled: fall through to the browser's language
  }
  return (navigator.language || 'en').toLowerCase().startsWith('ar') ? 'ar' : 'en';
}

/** Switches the page's language: <html lang dir>, every data-i18n* element, then the listeners. */
export function setLanguage(next) {
  current = next in LANGUAGES ? next : 'en';
  const root = document.documentElement;
  root.lang = current;
  root.dir = LANGUAGES[current].dir;
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch (e) {
    // not remembered; the page still works
  }
  translate(document);
  for (const button of document.querySelectorAll('.pp-lang button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === current));
  }
  for (const listener of listeners) {
    listener(current);
  }
}

/** Translates the data-i18n* elements under root (for parts a page builds after setLanguage). */
export function translate(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  }
  for (const node of root.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  }
  const title = document.querySelector('title[data-i18n-title]');
  if (title) {
    document.title = t(title.dataset.i18nTitle);
  }
}

/** Calls fn(lang) after every language switch. */
export function onLanguageChange(fn) {
  listeners.push(fn);
}

/** The language switch: one toggle button per language (aria-pressed), labelled for screen readers. */
export function languageSwitch() {
  const group = document.createElement('div');
  group.className = 'pp-lang';
  group.setAttribute('role', 'group');
  group.dataset.i18nLabel = 'common.language';
  group.setAttribute('aria-label', t('common.language'));
  for (const [code, { name }] of Object.entries(LANGUAGES)) {
    const button = document.createElement('button');
    button.type = 'button';
    button.lang = code;
    button.dataset.lang = code;
    button.textContent = name;
    button.setAttribute('aria-pressed', String(code === current));
    button.addEventListener('click', () => setLanguage(code));
    group.appendChild(button);
  }
  return group;
}

/**
 * A field message of the API (Bean Validation's English wording) in the page's language, for
 * showFieldErrors(form, error, fieldMessage); a message it does not know is shown as it came.
 */
export function fieldMessage(field, message) {
  const text = String(message || '');
  if (/must not be (blank|null|empty)/.test(text)) {
    return t('common.field.required');
  }
  if (/e-?mail/i.test(text)) {
    return t('common.field.email');
  }
  const size = /size must be between (\d+) and (\d+)/.exec(text);
  if (size) {
    return size[1] === '0' ? t('common.field.max', { max: size[2] }) : t('common.field.size', { min: size[1], max: size[2] });
  }
  return text;
}

/** The message for a failed API call in the current language (rate limit with its wait, link refused…). */
export function errorMessage(apiError) {
  switch (apiError.status) {
    case 0: return t('common.error.network');
    case 401: return t('common.error.unauthorized');
    case 404: return t('common.error.notFound');
    case 429: return t('common.error.rateLimited', { minutes: Math.max(1, Math.ceil((apiError.retryAfter || 60) / 60)) });
    case 503: return t('common.error.unavailable');
    case 400:
    case 422: return apiError.fields.length ? t('common.error.invalid') : (apiError.detail || t('common.error.invalid'));
    default: return t('common.error.generic', { status: apiError.status });
  }
}

/**
 * A page's start: its dictionaries, the initial language applied, and the language switch put
 * into the element with id lang-switch (when the page has one).
 */
export function startI18n(dictionaries) {
  addMessages(dictionaries);
  const holder = document.getElementById('lang-switch');
  if (holder) {
    holder.replaceChildren(languageSwitch());
  }
  setLanguage(initialLanguage());
}
