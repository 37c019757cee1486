import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fencedBlocks, freePort, repoPath, runToExit } from '@dramarelay/example-support';
import { afterAll, describe, expect, it } from 'vitest';

const RECEIVERS = ['express', 'fastify', 'hono', 'nextjs', 'node-http', 'deno', 'python', 'php'];
const SOURCES: Record<string, string> = {
  express: 'src/server.ts',
  fastify: 'src/server.ts',
  hono: 'src/server.ts',
  nextjs: 'serve.ts',
  'node-http': 'src/server.ts',
  deno: 'main.ts',
  python: 'receiver.py',
  php: 'package.json',
};
// The port `npm start` gives the relay itself (apps/bot's PORT default).
const RELAY_PORT = Number(
  /PORT: z\.coerce[^\n]*\.default\((\d+)\)/.exec(
    readFileSync(repoPath('apps/bot/src/config.ts'), 'utf8'),
  )?.[1],
);

/**
 * A `PATH` of one directory holding what this machine's `PATH` holds (node, npm, a shell,
 * coreutils...) except pnpm and corepack: a machine with Node.js and npm alone.
 */
function pathWithoutPnpm(): string {
  const dir = mkdtempSync(join(tmpdir(), 'path-without-pnpm-'));
  const linked = new Set<string>();
  for (const from of (process.env.PATH ?? '').split(delimiter)) {
    if (!from || !existsSync(from)) continue;
    for (const name of readdirSync(from)) {
      if (/^(pnpm|pnpx|corepack)$/.test(name) || linked.has(name)) continue;
      linked.add(name);
      symlinkSync(join(from, name), join(dir, name));
    }
  }
  return dir;
}

/** This process's environment as a user's shell has it: without what pnpm and npm set. */
function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|pnpm_|PNPM_)/i.test(name)),
  );
}

describe("the examples README's commands", () => {
  const block = fencedBlocks(repoPath('examples/README.md')).find((b) =>
    b.code.includes('examples/sender'),
  )!;
  const [exported, receiver, sender] = block.code.trim().split('\n');
  const bin = pathWithoutPnpm();
  const cwd = repoPath('');
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('deliver a webhook from the sender to a receiver with only node and npm on PATH', async () => {
    const secret = /^export WEBHOOK_SECRET=(\S+)$/.exec(exported!)?.[1];
    expect(secret).toBeDefined();
    expect(block.code).not.toMatch(/\bpnpm\b/);
    const port = await freePort();
    const env = { ...userEnvironment(), PATH: bin, WEBHOOK_SECRET: secret!, PORT: String(port) };
    expect(
      await runToExit('/bin/sh', ['-c', 'command -v pnpm || echo none'], { cwd, env }),
    ).toEqual({
      code: 0,
      output: 'none\n',
    });

    // Its own process group, so that stopping it stops npm, sh and tsx's node alike.
    const child = spawn('/bin/sh', ['-c', receiver!], { cwd, env, detached: true });
    let printed = '';
    child.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    child.stderr.on('data', (chunk) => {
      printed += chunk;
    });
    try {
      await expect
        .poll(() => printed, { timeout: 20_000, interval: 100 })
        .toContain(`listening on http://127.0.0.1:${port}/webhooks`);
      const sent = await runToExit('/bin/sh', ['-c', sender!.replace(':4000/', `:${port}/`)], {
        cwd,
        env,
      });

      expect(sent.output).toMatch(/^delivered msg_\w+: HTTP 204$/m);
      expect(sent.code).toBe(0);
      await expect
        .poll(() => printed, { timeout: 5_000 })
        .toMatch(/accepted msg_\w+ task.completed/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    }
  });

  it("point the sender at the receivers' default port, which is not the relay's", () => {
    expect(sender).toContain('http://127.0.0.1:4000/webhooks');
    expect(RELAY_PORT).toBe(3000);
    for (const example of RECEIVERS) {
      const source = readFileSync(repoPath(`examples/${example}/${SOURCES[example]}`), 'utf8');
      const defaults = [
        ...new Set([...source.matchAll(/PORT\W{1,8}(\d{4})\b/g)].map((m) => Number(m[1]))),
      ];
      expect({ example, defaults }).toEqual({ example, defaults: [4000] });
    }
  });
});
