import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { node: 'src/node.ts', web: 'src/web.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: false,
});
