/** `2026-12-02 19:50:50Z`: sortable, one token wide in a table, always UTC. */
export function formatTime(date: Date | null | undefined): string {
  if (date === null || date === undefined) return '-';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '-' : `${(rate * 100).toFixed(1)}%`;
}

/** One line of at most `max` characters: newlines and runs of spaces folded. */
export function excerpt(text: string | null | undefined, max: number): string {
  if (text === null || text === undefined || text === '') return '-';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
