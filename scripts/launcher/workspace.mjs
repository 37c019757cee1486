// The workspace as the launcher needs it: its packages (from pnpm-workspace.yaml) and which of
// them have a build, in dependency order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Directories (relative to `root`) of every workspace package, sorted. */
export function workspacePackages(root) {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:[ \t]+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  const patterns = [...block.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((m) => m[1]);
  const dirs = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs.filter((dir) => existsSync(join(root, dir, 'package.json'))).sort();
}

export function readManifest(root, dir) {
  return JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
}

/**
 * Packages under packages/ and apps/ with a `build` script, each after the workspace packages
 * it depends on. Each entry: { dir, name, deps } where `deps` are the dirs of built packages
 * it depends on.
 */
export function buildablePackages(root) {
  const all = workspacePackages(root)
    .filter((dir) => dir.startsWith('packages/') || dir.startsWith('apps/'))
    .map((dir) => ({ dir, manifest: readManifest(root, dir) }))
    .filter(({ manifest }) => manifest.scripts?.build);
  const byName = new Map(all.map((pkg) => [pkg.manifest.name, pkg.dir]));
  const nodes = all.map(({ dir, manifest }) => {
    const names = Object.keys({
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
    });
    return {
      dir,
      name: manifest.name,
      deps: names.filter((n) => byName.has(n)).map((n) => byName.get(n)),
    };
  });
  const ordered = [];
  const placed = new Set();
  while (ordered.length < nodes.length) {
    const next = nodes.find((n) => !placed.has(n.dir) && n.deps.every((d) => placed.has(d)));
    if (!next) throw new Error('the workspace packages depend on each other in a cycle');
    ordered.push(next);
    placed.add(next.dir);
  }
  return ordered;
}
