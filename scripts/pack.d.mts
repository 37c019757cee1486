// Types for scripts/pack.mjs, which tests import.
/** Packs both libraries into `out`; the tarballs' paths, receiver-verify first. */
export function packLibraries(out: string, pnpm?: readonly string[]): string[];
