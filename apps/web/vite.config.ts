import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';

// The gateway serves dist/ at / (with index.html for unknown paths); in development the
// Vite server forwards /api to the gateway, so the UI always calls same-origin /api/v1.
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  // the HTTP contract's types, enums and validation (libs/api) and the pure kernel it uses, as in tsconfig.base.json
  resolve: {
    alias: {
      '@fd/api': path.resolve(__dirname, '../../libs/api/src/index.ts'),
      '@fd/kernel': path.resolve(__dirname, '../../libs/kernel/src/index.ts'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
