import { defineConfig } from 'tsup';

// The service runs from this build (`npm start`); `pnpm dev` runs the source with reload.
// Dependencies stay external (tsup's default): they are installed beside it. The dashboard's
// JSX compiles with tsconfig.json's `jsxImportSource: hono/jsx` (no client-side bundle).
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  clean: true,
  sourcemap: true,
});
