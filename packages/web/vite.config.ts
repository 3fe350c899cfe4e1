import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @liaison/web` proxies the API to a server started separately (PORT=3100).
const apiTarget = process.env.LIAISON_API ?? 'http://localhost:3100';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
});
