/**
 * Time spent on each section of a page, measured with IntersectionObserver: a section counts as
 * being read while at least half of it (or half of the screen, for a section taller than the
 * screen) is in view and the page is visible. What was measured is handed to `send(section,
 * seconds)` when the page is hidden or left (pagehide), then forgotten, so nothing is counted twice.
 */
export class SectionViewTracker {
  constructor(send, minimumSeconds = 1) {
    this.send = send;
    this.minimumMillis = minimumSeconds * 1000;
    this.spent = new Map();
    this.since = new Map();
    this.inView = new Set();
    this.observer = new IntersectionObserver(entries => this.changed(entries), { threshold: [0, 0.25, 0.5, 0.75, 1] });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        this.flush();
      } else {
        this.inView.forEach(name => this.start(name));
      }
    });
    window.addEventListener('pagehide', () => this.flush());
  }

  /** Tracks an element under a section name. */
  observe(element, name) {
    element.dataset.trackSection = name;
    this.observer.observe(element);
  }

  changed(entries) {
    for (const entry of entries) {
      const name = entry.target.dataset.trackSection;
      const reading = entry.isIntersecting && (entry.intersectionRatio >= 0.5
        || entry.intersectionRect.height >= window.innerHeight * 0.5);
      if (reading) {
        this.inView.add(name);
        if (document.visibilityState === 'visible') {
          this.start(name);
        }
      } else {
        this.inView.delete(name);
        this.stop(name);
      }
    }
  }

  start(name) {
    if (!this.since.has(name)) {
      this.since.set(name, performance.now());
    }
  }

  stop(name) {
    const started = this.since.get(name);
    if (started !== undefined) {
      this.since.delete(name);
      this.spent.set(name, (this.spent.get(name) || 0) + performance.now() - started);
    }
  }

  /** Hands over everything measured so far (at least minimumSeconds per section) and starts afresh. */
  flush() {
    [...this.since.keys()].forEach(name => this.stop(name));
    for (const [name, millis] of this.spent) {
      if (millis >= this.minimumMillis) {
        this.send(name, Math.min(3600, Math.round(millis / 1000)));
      }
    }
    this.spent.clear();
    if (document.visibilityState === 'visible') {
      this.inView.forEach(name => this.start(name));
    }
  }
}

/**
 * POSTs JSON with navigator.sendBeacon, which the browser delivers even while the page unloads;
 * fetch with keepalive where a beacon is refused.
 */
export function beacon(url, payload) {
  const body = JSON.stringify(payload);
  try {
    if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'application/json' }))) {
      return;
    }
  } catch (e) {
    // a browser that refuses a JSON beacon: fall back below
  }
  fetch(url, {
    method: 'POST', keepalive: true, credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' }, body,
  }).catch(() => {});
}
