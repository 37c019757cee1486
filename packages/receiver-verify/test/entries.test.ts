import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as node from '../src/node.js';
import * as web from '../src/web.js';

const source = (file: string) => readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');

describe('entry points', () => {
  it('export the same names from node and web', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect(Object.keys(node).sort()).toEqual([
      'WebhookVerificationError',
      'generateKeyPair',
      'generateSecret',
      'sign',
      'verify',
      'verifyRequest',
      'verifySignature',
      'verifyWebhook',
      'verifyWebhookRequest',
    ]);
  });

  it('differ only in the crypto backend they import, so signatures and docs cannot drift', () => {
    const normalise = (text: string) =>
      text.replace(/^import \{ \w+ as backend \} from '[^']+';$/m, '');
    expect(normalise(source('web.ts'))).toBe(normalise(source('node.ts')));
    expect(source('node.ts')).toContain("from './crypto-node.js'");
    expect(source('web.ts')).toContain("from './crypto-web.js'");
  });

  it('hold no implementation of their own: each function is api.ts bound to a backend', () => {
    for (const entry of ['node.ts', 'web.ts']) {
      expect(source(entry)).not.toMatch(/\bfunction\b|=>|\.then\(/);
    }
  });

  it('let a bundler drop what a receiver does not import (sign, key generation)', async () => {
    const resolveDir = fileURLToPath(new URL('../src/', import.meta.url));
    const bundle = async (names: string) => {
      const result = await build({
        stdin: { contents: `export { ${names} } from './web.js';`, loader: 'ts', resolveDir },
        bundle: true,
        minify: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    };
    const everything = await bundle('verify, sign, generateKeyPair');
    const verifyOnly = await bundle('verifyWebhookRequest');
    expect(everything).toContain('secretKey');
    expect(everything).toContain('legacy needs one secret');
    expect(verifyOnly).not.toContain('secretKey');
    expect(verifyOnly).not.toContain('legacy needs one secret');
  });

  it('keep node:crypto out of the web entry', () => {
    const imports = (file: string): string[] =>
      [...source(file).matchAll(/from '(\.\/[^']+)\.js'/g)].map((m) => `${m[1]!.slice(2)}.ts`);
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const next of imports(file)) walk(next);
    };
    walk('web.ts');
    for (const file of seen) expect(source(file), file).not.toMatch(/from 'node:|\bBuffer\./);
  });
});
