import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packLibraries } from '../pack.mjs';

/** Runs a command to its end; throws with its output when it fails. */
function sh(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

// What an integrator does before the first release: pack from a clone, npm install the
// tarballs into a project of their own (no workspace, no pnpm), import and use them.
describe('the packed libraries, installed with npm into a fresh project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dramarelay-npm-install-'));
  const project = join(dir, 'project');
  let tarballs: string[];

  beforeAll(() => {
    tarballs = packLibraries(join(dir, 'pack')) as string[];
    sh('mkdir', ['-p', project], dir);
    writeFileSync(join(project, 'package.json'), '{ "name": "integrator", "private": true }\n');
    sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], project);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are two tarballs whose package.json names no workspace: version', () => {
    expect(tarballs.map((file) => file.slice(file.lastIndexOf('/') + 1))).toEqual([
      expect.stringMatching(/^dramarelay-receiver-verify-\d+\.\d+\.\d+\.tgz$/),
      expect.stringMatching(/^dramarelay-webhook-notifier-\d+\.\d+\.\d+\.tgz$/),
    ]);
  });

  it('install as real folders, the notifier sharing the one verifier installed beside it', () => {
    const modules = join(project, 'node_modules', '@dramarelay');
    expect(sh('find', [modules, '-maxdepth', '1', '-type', 'l'], project)).toBe('');
    expect(existsSync(join(modules, 'receiver-verify', 'dist', 'node.js'))).toBe(true);
    expect(existsSync(join(modules, 'webhook-notifier', 'node_modules'))).toBe(false);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter((path) => path.includes('receiver-verify'))).toEqual([
      'node_modules/@dramarelay/receiver-verify',
    ]);
  });

  it('sign and verify from ESM and from CommonJS', () => {
    writeFileSync(
      join(project, 'check.mjs'),
      `import { sign, verifyWebhook, generateSecret } from '@dramarelay/receiver-verify';
import { createNotifier, MemoryStore } from '@dramarelay/webhook-notifier';
const secret = generateSecret();
const body = JSON.stringify({ event: 'task.completed', data: { task_title: '《霸道总裁爱上我》' } });
const headers = await sign({ id: 'msg_esm', timestamp: new Date(), body, secrets: secret });
const { id, eventType, payload } = await verifyWebhook(body, headers, secret);
const notifier = createNotifier({ store: new MemoryStore() });
await notifier.stop();
console.log(JSON.stringify({ id, eventType, title: payload.data.task_title, notifier: typeof notifier.enqueue }));
`,
    );
    writeFileSync(
      join(project, 'check.cjs'),
      `const { sign, verify } = require('@dramarelay/receiver-verify');
const { createNotifier } = require('@dramarelay/webhook-notifier');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
sign({ id: 'msg_cjs', timestamp: new Date(), body: '{"a":1}', secrets: secret })
  .then((headers) => verify('{"a":1}', headers, secret))
  .then((payload) => console.log(JSON.stringify({ payload, notifier: typeof createNotifier })));
`,
    );

    expect(JSON.parse(sh(process.execPath, ['check.mjs'], project))).toEqual({
      id: 'msg_esm',
      eventType: 'task.completed',
      title: '《霸道总裁爱上我》',
      notifier: 'function',
    });
    expect(JSON.parse(sh(process.execPath, ['check.cjs'], project))).toEqual({
      payload: { a: 1 },
      notifier: 'function',
    });
  });
});
