import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

// `npm run dev -w @liaison/web` proxies the API to a server started separately (PORT=3100).
const apiTarget = process.env.LIAISON_API ?? 'http://localhost:3100';

/**
 * Writes `name.br` and `name.gz` beside every text file of the build, once, at the highest
 * levels, so the server sends compressed files without compressing per request
 * (@fastify/static `preCompressed`; docs/decisions/032).
 */
const precompress = (): Plugin => {
  let outDir = 'dist';
  return {
    name: 'liaison-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const walk = (dir: string): string[] =>
          fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
        for (const file of walk(outDir)) {
          if (!/\.(js|mjs|css|html|svg|json|webmanifest|txt)$/.test(file)) continue;
          const raw = fs.readFileSync(file);
          if (raw.length < 1024) continue;
          fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
          fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
        }
      },
    },
  };
};

export default defineConfig({
  plugins: [
    react(),
    // An installable app whose shell works without signal (docs/decisions/011): the build is
    // precached; the reads a manager needs in the field (their workbench, customers, visits,
    // dictionaries) are answered from the network, or from the last answer when there is none.
    // Writes never go through the cache: the field log queues them itself (src/offline/outbox.ts).
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: 'script',
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: '客户经理工作台 Liaison',
        short_name: '客户经理工作台',
        description: '客户、拜访、计划与服务，一处管好',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f4e9c',
        background_color: '#ffffff',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) =>
              request.method === 'GET' && /^\/api\/v1\/(me|workbench|customers|visits|dictionaries|contact-rules|regions)(\/|$)/.test(url.pathname) && !url.pathname.endsWith('.xlsx'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'liaison-api',
              networkTimeoutSeconds: 8,
              expiration: { maxEntries: 400, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
    precompress(),
  ],
  server: { port: 5173, proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // @liaison/shared has no side effects; saying so lets the bundle drop the Zod schemas the
    // web app does not use, which keeps Zod out of the first page load.
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/]shared[\\/]/.test(id) } },
  },
});
