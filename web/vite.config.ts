import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built into dist/web, which the NestJS service serves at `/` beside /api.
// JSX is compiled by Vite's own transformer (automatic runtime); the React plugin only adds fast refresh.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      // react-router marks modules "use client" for server components; a client-only bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `npm run dev:web` proxies the API of a service started with `npm start` (or KESHIKOMI_API).
  server: { proxy: { '/api': process.env.KESHIKOMI_API ?? 'http://localhost:3000' } },
});
