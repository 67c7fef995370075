import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);

// The dashboard shares the sweep-spec schema with the API: contracts resolves to its source.
export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    alias: { '@morphsweep/contracts': path.resolve(root, '../../libs/contracts/src/index.ts') },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env['MORPHSWEEP_API_URL'] ?? 'http://127.0.0.1:3000' } },
  test: { environment: 'jsdom', include: ['src/**/*.spec.tsx', 'src/**/*.spec.ts'] },
});
