import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', kysely: 'src/kysely/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  external: ['@dramarelay/receiver-verify', 'undici', 'kysely', 'pg'],
});
