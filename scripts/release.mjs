#!/usr/bin/env node
// `npm run release`: publishes the two libraries at the versions `pnpm changeset version`
// wrote and a maintainer committed (RELEASING.md). It refuses while changesets are still
// pending or the tree has changes, installs and builds from the lockfile, packs each library,
// checks each tarball with publint and attw, then runs `changeset publish`, which publishes
// the versions npm does not have yet (pnpm publish: workspace: ranges become real ones) and
// tags them in git. --dry-run stops before publishing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pnpmCommand, root, run } from './lib/pnpm.mjs';
import { packLibraries } from './pack.mjs';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const dryRun = values['dry-run'];

function refuse(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

const pending = readdirSync(join(root, '.changeset')).filter(
  (file) => file.endsWith('.md') && file !== 'README.md',
);
if (pending.length > 0) {
  refuse(
    `${pending.length} changesets are not applied yet (${pending.join(', ')}): run ` +
      '`pnpm changeset version`, review the versions and CHANGELOGs, commit, then release.',
  );
}
const status = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
if (status.status !== 0) refuse('git status failed: release from a git clone');
if (status.stdout.trim() && !dryRun) {
  refuse(`the working tree has changes; commit or stash them first:\n${status.stdout}`);
}

const [pnpm, ...prefix] = pnpmCommand();
run(pnpm, [...prefix, 'install', '--frozen-lockfile']);
run(pnpm, [...prefix, '-r', '--filter', './packages/*', 'build']);
for (const tarball of packLibraries(join(root, '.pack'), [pnpm, ...prefix])) {
  run(pnpm, [...prefix, 'exec', 'publint', '--strict', tarball]);
  run(pnpm, [...prefix, 'exec', 'attw', tarball]);
}
if (dryRun) {
  console.log('\n--dry-run: checks passed; `changeset publish` would publish now.');
} else {
  run(pnpm, [...prefix, 'exec', 'changeset', 'publish']);
  console.log('\nPublished. Push the tags: git push --follow-tags');
}
