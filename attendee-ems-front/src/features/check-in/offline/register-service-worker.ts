/** The station's scope only: the rest of the SPA keeps its ordinary network behaviour. */
export const STATION_SW_SCOPE = '/check-in/';

/**
 * Registers /sw.js for the station and hands it the files this page loaded (the shell and its
 * hashed chunks), so the next load works without a network. Answers once they are cached.
 */
export async function registerStationServiceWorker(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  ensureManifestLink();
  const registration = await navigator.serviceWorker.register('/sw.js', { scope: STATION_SW_SCOPE });
  const worker = registration.active ?? (await waitForActive(registration));
  if (!worker) return false;
  const assets = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name))
    .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
    .map((url) => url.pathname);
  return new Promise<boolean>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 15_000);
    channel.port1.onmessage = (event: MessageEvent<{ ok?: boolean }>) => {
      clearTimeout(timer);
      resolve(Boolean(event.data?.ok));
    };
    worker.postMessage({ type: 'precache', shell: location.pathname + location.search, assets }, [channel.port2]);
  });
}

function waitForActive(registration: ServiceWorkerRegistration): Promise<ServiceWorker | null> {
  return new Promise((resolve) => {
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return resolve(registration.active);
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve(worker);
      if (worker.state === 'redundant') resolve(null);
    });
  });
}

function ensureManifestLink() {
  if (document.querySelector('link[rel="manifest"]')) return;
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = '/check-in.webmanifest';
  document.head.appendChild(link);
}
