/** Odd values a caller might pass anywhere: wrong types, edge numbers, control characters. */
export const ODD_VALUES: readonly unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53 + 1,
  '',
  ' ',
  '\u0000',
  'a\r\nb',
  '\ud800',
  '🦄'.repeat(100),
  'x'.repeat(70_000),
  [],
  {},
  new Uint8Array(0),
  new Uint8Array([0xff, 0xfe, 0x00]),
  Symbol('s'),
  10n,
  () => {},
  new Date(Number.NaN),
  Object.create(null),
];

/**
 * A random value of any kind, `depth` levels deep at most, from a seeded `random`: for fuzz
 * tests whose failures replay from the seed.
 *
 * @example
 * const value = arbitraryValue(seededRandom(1), 3);
 */
export function arbitraryValue(random: () => number, depth = 3): unknown {
  const pick = Math.floor(random() * 6);
  if (depth <= 0 || pick < 3) return ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
  if (pick === 3) return arbitraryString(random);
  const size = Math.floor(random() * 4);
  if (pick === 4) return Array.from({ length: size }, () => arbitraryValue(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let n = 0; n < size; n++)
    object[arbitraryString(random)] = arbitraryValue(random, depth - 1);
  return object;
}

/** A short random string over ASCII, controls and a few multi-byte characters. */
export function arbitraryString(random: () => number): string {
  const alphabet = 'abc XYZ019_-.:/,=\u0000\n\t"\\é中🦄';
  const length = Math.floor(random() * 24);
  return Array.from(
    { length },
    () => [...alphabet][Math.floor(random() * [...alphabet].length)],
  ).join('');
}
