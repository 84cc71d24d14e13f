// Builds the web app (src/web) into dist/web, which the server serves with an SPA fallback.
// In development, /api goes to the server on port 3000. vite-plugin-pwa adds the service
// worker (/sw.js, Workbox) that keeps the app shell on volunteers' phones for offline use,
// and the web manifest that makes the field app installable.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { brand } from './src/web/app/theme.ts';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));

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
        // The whole shell: a page of the desk app opened offline shows its own "no network" state.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
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
