import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reliabilityPlan } from '../launcher/reliability.mjs';

const root = mkdtempSync(join(tmpdir(), 'dramarelay-plan-'));
const dir = join(root, 'scripts', 'reliability');
mkdirSync(join(dir, 'lib'), { recursive: true });
for (const file of ['soak.mjs', 'database-outage.mjs', 'lib/workers.mjs', 'vitest.config.ts']) {
  writeFileSync(join(dir, file), '');
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

const names = (plan) => plan.scripts.map((script) => script.name);

describe('npm run reliability', () => {
  it('runs every scenario script in scripts/reliability, in name order, and nothing from lib/', () => {
    const plan = reliabilityPlan(root, ['--short']);
    expect(names(plan)).toEqual(['database-outage', 'soak']);
    expect(plan.scripts[1].path).toBe(join(dir, 'soak.mjs'));
    expect(plan.passOn).toEqual(['--short']);
  });

  it('runs only the scenarios named by --only and passes every other option on', () => {
    const plan = reliabilityPlan(root, ['--only', 'soak', '--minutes', '6', '--short']);
    expect(names(plan)).toEqual(['soak']);
    expect(plan.passOn).toEqual(['--minutes', '6', '--short']);
    expect(names(reliabilityPlan(root, ['--only=soak,database-outage']))).toEqual([
      'database-outage',
      'soak',
    ]);
  });

  it('refuses an unknown scenario name and lists the known ones', () => {
    expect(() => reliabilityPlan(root, ['--only', 'sok'])).toThrow(
      'unknown scenario sok; known: database-outage, soak',
    );
  });
});
