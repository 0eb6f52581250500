/**
 * The admin console's entry: one page shell for every /admin/** address; this script reads the
 * path, marks the navigation and draws the screen (each screen is its own module, loaded on
 * demand). Moving between screens is an ordinary link, so every screen has its own address.
 */
import { el, replace, alertBox } from '/assets/dom.js';
import { get } from '/assets/api.js';

const ROUTES = [
  [/^\/admin\/?$/, 'dashboard.js', 'Dashboard'],
  [/^\/admin\/partners\/new$/, 'partner-form.js', 'Partners'],
  [/^\/admin\/partners\/([^/]+)\/edit$/, 'partner-form.js', 'Partners'],
  [/^\/admin\/partners\/([^/]+)$/, 'partner.js', 'Partners'],
  [/^\/admin\/partners\/?$/, 'partners.js', 'Partners'],
  [/^\/admin\/pipeline\/?$/, 'pipeline.js', 'Pipeline'],
  [/^\/admin\/access-requests\/?$/, 'access-requests.js', 'Access requests'],
  [/^\/admin\/events\/?$/, 'events.js', 'Events'],
  [/^\/admin\/events\/([^/]+)$/, 'event.js', 'Events'],
  [/^\/admin\/notifications\/?$/, 'notifications.js', 'Notifications'],
  [/^\/admin\/reports\/tiers\/?$/, 'reports.js', 'Tier report'],
  [/^\/admin\/mailings\/?$/, 'mailings.js', 'Mass mailing'],
  [/^\/admin\/view-as\/([^/]+)$/, 'view-as.js', 'Partners'],
  [/^\/admin\/templates\/?$/, 'templates.js', 'Templates & mail'],
];

async function start() {
  const main = document.getElementById('main');
  let session = { roles: [] };
  try {
    session = await get('/admin/session');
  } catch (e) {
    // the page itself needed the session; a failure here only hides the super-admin entry
  }
  const superAdmin = session.roles.includes('super_admin');
  for (const item of document.querySelectorAll('.super-only')) {
    item.hidden = !superAdmin;
  }
  const header = document.querySelector('.console-header');
  if (session.email) {
    header.insertBefore(el('span', { class: 'who' }, session.email), header.querySelector('.logout'));
  }
  const path = window.location.pathname;
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (!route) {
    replace(main, el('h1', {}, 'Not found'), el('p', {}, 'There is no console page at this address.'),
      el('a', { href: '/admin' }, 'Back to the dashboard'));
    return;
  }
  const [pattern, module, section] = route;
  for (const link of document.querySelectorAll('.console-nav a')) {
    if (link.textContent === section) {
      link.setAttribute('aria-current', 'page');
    }
  }
  const params = path.match(pattern).slice(1).map(decodeURIComponent);
  try {
    const screen = await import(`/assets/admin/${module}`);
    await screen.render(main, { params, superAdmin, session });
  } catch (e) {
    replace(main, el('h1', {}, 'This page could not be shown'),
      alertBox(e.detail || e.title || e.message || 'Unexpected error'));
  }
}

start();
