import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @liaison/web` proxies the API to a server started separately (PORT=3100).
const apiTarget = process.env.LIAISON_API ?? 'http://localhost:3100';

export default defineConfig({
  plugins: [react()],
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
