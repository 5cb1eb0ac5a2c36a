/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiTarget = process.env.VITE_API_PROXY ?? 'http://localhost:3000';

/** Paths rendered by the small public bundle (public.html); the API does the same in production. */
const PUBLIC_PAGES = /^\/(e|embed|r)\/[^/]+\/?(\?.*)?$/;

/** In development, serve public.html (not the dashboard's index.html) for the public pages. */
function publicPagesInDev(): Plugin {
  return {
    name: 'ems-public-pages',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        if (request.url && PUBLIC_PAGES.test(request.url)) {
          const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
          request.url = `/public.html${query}`;
        }
        next();
      });
    },
  };
}

export default defineConfig({
  // The API serves dist/ at the site root, so asset URLs must be absolute (/assets/...).
  base: '/',
  plugins: [react(), publicPagesInDev()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // One validator for the server and the browser: the SPA imports the API's pure TS module.
      '@shared/registration-form': fileURLToPath(
        new URL('../attendee-ems-back/src/shared/registration-form/index.ts', import.meta.url),
      ),
      // The live channel's contract, declared once by the API.
      '@shared/realtime': fileURLToPath(new URL('../attendee-ems-back/src/shared/realtime/index.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/socket.io': { target: apiTarget, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Browsers we support preload modules natively; the polyfill would cost the public form bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The dashboard only: the public form and personal page (public.html) are a second build,
      // vite.public.config.ts, on Preact so a visitor on a phone downloads a fraction of React.
      input: { main: fileURLToPath(new URL('./index.html', import.meta.url)) },
      output: {
        // Framework code changes rarely: keep it in its own long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    // Only the SPA's unit tests: Playwright specs live in ../e2e.
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    restoreMocks: true,
  },
});
