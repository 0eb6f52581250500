import { startI18n } from '../i18n.js';

startI18n({ en: { 'portal.title': document.title }, ar: {} });
