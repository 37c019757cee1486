import { createHash } from 'node:crypto';
import type { CategoryCount, CategoryFilter } from './task.repository.js';

/**
 * How a category travels in a button's `callback_data` (64 bytes at most, and a category may
 * be 100 characters of any script): `*` all tasks, `-` the tasks without a category, else the
 * first 10 characters of the base64url SHA-256 of its name, looked up among the categories.
 */
export type CategoryKey = string;

export function categoryKey(category: string | null): CategoryKey {
  if (category === null) return '-';
  return createHash('sha256').update(category).digest('base64url').slice(0, 10);
}

/** The category a key stands for among those listed; `undefined` when none does (any more). */
export function findCategory(
  categories: readonly CategoryCount[],
  key: CategoryKey,
): string | null | undefined {
  return categories.find((c) => categoryKey(c.category) === key)?.category;
}

/** `undefined`: every category. */
export function categoryFilter(category: string | null | undefined): CategoryFilter {
  return category === undefined ? { all: true } : { all: false, category };
}
