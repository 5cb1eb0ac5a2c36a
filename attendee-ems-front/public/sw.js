/*
 * Service worker of the check-in station (registered with scope /check-in/ by the station only).
 * Hand-written on purpose: it caches the app shell (index.html) and the hashed assets the station
 * loads, so the station reloads without a network. API calls are never cached: scans and the
 * snapshot live in IndexedDB, owned by the page.
 */
const CACHE = 'ems-station-v1';
const SHELL = '/__station-shell.html';
const NAVIGATION_TIMEOUT_MS = 5000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => fetch('/check-in/', { cache: 'no-store' }).then((response) => (response.ok ? cache.put(SHELL, response) : undefined)))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('ems-station-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** The page tells which hashed files it loaded: they are exactly what a reload needs. */
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'precache') return;
  const port = event.ports && event.ports[0];
  const assets = (Array.isArray(data.assets) ? data.assets : []).filter((path) => typeof path === 'string' && path.startsWith('/assets/'));
  event.waitUntil(
    caches
      .open(CACHE)
      .then(async (cache) => {
        const shell = await fetch(data.shell || '/check-in/', { cache: 'no-store' });
        if (shell.ok) await cache.put(SHELL, shell);
        for (const path of assets) if (!(await cache.match(path))) await cache.add(path);
        if (port) port.postMessage({ ok: true });
      })
      .catch(() => port && port.postMessage({ ok: false })),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function navigate(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) await cache.put(SHELL, response.clone());
    return response;
  } catch (error) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  // Hashed names never change content: whatever the station loads once is good forever.
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') return event.respondWith(navigate(request));
  if (url.pathname.startsWith('/assets/')) return event.respondWith(asset(request));
});
