import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves dist/ at / (with index.html for unknown paths); in development the
// Vite server forwards /api to the gateway, so the UI always calls same-origin /api/v1.
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
