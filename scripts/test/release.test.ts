import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface PlannedRelease {
  name: string;
  type: string;
  oldVersion: string;
  newVersion: string;
}

/** What `changeset version` would do, read without changing the tree (`changeset status`). */
function plannedReleases(): PlannedRelease[] {
  const dir = mkdtempSync(join(tmpdir(), 'changeset-status-'));
  try {
    const output = join(dir, 'status.json');
    const bin = join(root, 'node_modules', '.bin', 'changeset');
    const result = spawnSync(bin, ['status', `--output=${output}`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(readFileSync(output, 'utf8')).releases;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the release', () => {
  // Pins the first release; once 0.1.0 is published, the next changesets make this test's
  // expectation the next version (see RELEASING.md).
  it('versions both libraries 0.0.0 → 0.1.0 from the pending changesets, and nothing else', () => {
    const releases = plannedReleases()
      .filter((release) => release.type !== 'none')
      .map(({ name, oldVersion, newVersion }) => ({ name, oldVersion, newVersion }));

    expect(releases).toEqual([
      { name: '@dramarelay/receiver-verify', oldVersion: '0.0.0', newVersion: '0.1.0' },
      { name: '@dramarelay/webhook-notifier', oldVersion: '0.0.0', newVersion: '0.1.0' },
    ]);
  });

  it('refuses to publish while changesets are pending, before installing or publishing anything', () => {
    const result = spawnSync(process.execPath, ['scripts/release.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/changesets are not applied yet .*run `pnpm changeset version`/);
    expect(result.stdout).not.toContain('> ');
  });
});
