// Builds the web app (src/web) into dist/web, which the server serves with an SPA fallback.
// In development, /api goes to the server on port 3000. vite-plugin-pwa adds the service
// worker (/sw.js, Workbox) that keeps the app shell on volunteers' phones for offline use,
// and the web manifest that makes the field app installable.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { brand } from './src/web/app/theme.ts';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

interface ManifestChunk { file: string; isEntry?: boolean; css?: string[]; assets?: string[]; imports?: string[]; dynamicImports?: string[] }

/**
 * The built files the field app needs offline: the entry's chunks, the login pages, and every
 * page under src/web/field with what it imports (statically or on demand), read from Vite's
 * build manifest. The desk's pages are not among them: the worker caches those when visited.
 */
export function fieldAppFiles(manifest: Record<string, ManifestChunk>): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const roots = Object.keys(manifest).filter((k) =>
    manifest[k].isEntry || k.startsWith('field/') || k === 'features/accounts/LoginPage.tsx' || k === 'features/accounts/ForcedPasswordPage.tsx');
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const i of chunk.imports ?? []) visit(i);
    // The entry's on-demand imports are the desk's pages: not followed (the field pages are roots).
    if (!chunk.isEntry) for (const i of chunk.dynamicImports ?? []) visit(i);
  };
  for (const root of roots) visit(root);
  return files;
}

export default defineConfig({
  root,
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      // The page registers the worker itself (src/web/field/pwa.ts) and only from the field app.
      injectRegister: false,
      registerType: 'autoUpdate',
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Tổ CNSCĐ – Công nghệ số cộng đồng',
        short_name: 'Tổ CNSCĐ',
        description: 'Ứng dụng thực địa của Tổ Công nghệ số cộng đồng: ghi lượt hỗ trợ người dân cả khi không có sóng.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/thuc-dia',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: brand[7],
        background_color: '#f8f9fa',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Precached: the page, the icons and the field app's files only (fieldAppFiles above),
        // so a phone's first visit does not download the desk. The desk's files are cached
        // as they are used (runtimeCaching below): a desk page visited once opens offline.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        manifestTransforms: [
          async (entries) => {
            const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
            const field = fieldAppFiles(manifest);
            const manifestEntries = entries.filter((e) => !e.url.startsWith('assets/') || field.has(e.url));
            return { manifest: manifestEntries, warnings: [] };
          },
        ],
        runtimeCaching: [
          {
            // Hashed file names never change content: the first copy is kept.
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'cnscd-assets', expiration: { maxEntries: 400, purgeOnQuotaError: true } },
          },
        ],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  build: {
    outDir,
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each page needs (the service worker's precache list).
    manifest: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // React and the router change less often than our pages: a separate file stays cached
        // across releases. The other libraries go with the pages that use them, so a phone
        // opening the field app loads only the Mantine components and libraries it needs.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 3 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: process.env.API_URL ?? 'http://localhost:3000', changeOrigin: false } },
  },
  preview: { port: 4173 },
});
