// Dev: `npm run dev -w apps/web` proxies /api and /ws to the backend (BACKEND_URL, default
// http://127.0.0.1:8080). Build: `vite build` → dist/, which the server serves at `/`.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: {
      // Changes are accepted only from the server's own origin: the dev server (loopback only) stands in for it.
      '/api': {
        target: backend, changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (req) => { if (req.getHeader('origin')) req.setHeader('origin', new URL(backend).origin); }),
      },
      // The server accepts /ws only from its own origin; the dev server (loopback only) stands in for it.
      '/ws': { target: backend.replace(/^http/, 'ws'), ws: true, changeOrigin: true, rewriteWsOrigin: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 800 },
});
