import { startI18n } from '../i18n.js';

startI18n({ en: { 'nda.title': document.title }, ar: {} });
