import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The public pages (registration form, personal page, embed) as their own build, on Preact's
 * React-compatible layer: the same components and hooks, about 60 KB less JavaScript for a
 * visitor on a phone. Runs after the dashboard build (vite.config.ts) into the same dist/.
 * In development (`vite`), the dashboard config serves public.html with React, which behaves the same.
 */
const exact = (name: string) => new RegExp(`^${name.replace('/', '\\/')}$`);

export default defineConfig({
  base: '/',
  // JSX compiles straight to Preact's runtime; no React plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: [
      { find: exact('react-dom/client'), replacement: 'preact/compat/client' },
      { find: exact('react-dom'), replacement: 'preact/compat' },
      { find: exact('react'), replacement: 'preact/compat' },
      { find: '@shared/registration-form', replacement: fileURLToPath(new URL('../attendee-ems-back/src/shared/registration-form/index.ts', import.meta.url)) },
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
    ],
  },
  // The dashboard build already copied public/ (favicon…).
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { public: fileURLToPath(new URL('./public.html', import.meta.url)) },
    },
  },
});
