import { startI18n } from '../i18n.js';

startI18n({ en: { 'register.title': document.title }, ar: {} });
