/**
 * The pages' one way to call /api: JSON in and out, same-origin credentials, the CSRF
 * double-submit header on state-changing calls (value of the CSRF cookie), the link token of a
 * token-link page in X-Link-Token, and every problem+json answer turned into an ApiError.
 */

/** A failed call: the problem document's fields, plus `fields` = [{field, message}] of a validation failure. */
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = problem.type || '';
    this.title = problem.title || '';
    this.detail = problem.detail || '';
    this.fields = Array.isArray(problem.errors) ? problem.errors : [];
    this.problem = problem;
    /** seconds from Retry-After (429, 503), or null */
    this.retryAfter = retryAfter;
  }

  /** True when the problem type ends with this slug, e.g. err.is('too-many-requests'). */
  is(slug) {
    return this.type.endsWith('/' + slug);
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The value of a cookie, or null. */
export function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

/**
 * The CSRF cookie's value for the X-CSRF-Token header: __Host-pp-csrf when the gateway is served over
 * HTTPS, pp-csrf over plain HTTP (the local stack); null when the page handed out none.
 */
export function csrfToken() {
  return cookie('__Host-pp-csrf') || cookie('pp-csrf');
}

/**
 * Calls the API. options: body (sent as JSON), linkToken (X-Link-Token), headers, signal.
 * Resolves to the parsed JSON (null for an empty answer); rejects with an ApiError.
 */
export async function api(method, path, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set('Accept', 'application/json, application/problem+json');
  let body;
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }
  if (!SAFE.has(method)) {
    const csrf = csrfToken();
    if (csrf) {
      headers.set('X-CSRF-Token', csrf);
    }
  }
  if (options.linkToken) {
    headers.set('X-Link-Token', options.linkToken);
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: options.signal,
    });
  } catch (e) {
    throw new ApiError(0, { type: 'network', title: 'Network error', detail: e.message });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = response.ok ? text : { title: response.statusText, detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const retry = response.headers.get('Retry-After');
    throw new ApiError(response.status, data && typeof data === 'object' ? data : {},
      retry !== null && /^\d+$/.test(retry) ? Number(retry) : null);
  }
  return data;
}

export const get = (path, options) => api('GET', path, options);
export const post = (path, body, options = {}) => api('POST', path, { ...options, body });
export const put = (path, body, options = {}) => api('PUT', path, { ...options, body });
export const patch = (path, body, options = {}) => api('PATCH', path, { ...options, body });
export const del = (path, options) => api('DELETE', path, options);
