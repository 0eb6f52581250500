import { startI18n } from '../i18n.js';

startI18n({ en: { 'proposal.title': document.title }, ar: {} });
