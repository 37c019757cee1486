import { expect } from 'vitest';

/** One sample line: `name{label="value",...} 42`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A parsed `/metrics` page. */
export interface Scrape {
  /** The `# TYPE` of a family: `counter`, `gauge`, `histogram`. */
  type(family: string): string | undefined;
  /** The samples named `name` whose labels include `labels`. */
  samples(name: string, labels?: Record<string, string>): Sample[];
  /** The one sample named `name` with these labels; `undefined` when absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
const COMMENT = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/;

/**
 * Reads a Prometheus text-format (0.0.4) answer line by line, refusing any line outside the
 * format. Written here because the one npm parser of this format merges the series of a
 * labelled histogram into one.
 */
export async function readScrape(response: Response): Promise<Scrape> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const types = new Map<string, string>();
  const all: Sample[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (line === '') continue;
    const comment = COMMENT.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') types.set(comment[2]!, comment[3]!);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a Prometheus text-format line: ${line}`);
    all.push({ name: sample[1]!, labels: parseLabels(sample[2] ?? ''), value: Number(sample[3]) });
  }
  const samples = (name: string, labels: Record<string, string> = {}) =>
    all.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  return {
    type: (family) => types.get(family),
    samples,
    value(name, labels) {
      const [sample, ...others] = samples(name, labels);
      expect(others).toEqual([]);
      return sample?.value;
    },
  };
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let match: RegExpExecArray | null = LABEL.exec(text);
  let read = 0;
  while (match) {
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    read = LABEL.lastIndex;
    match = LABEL.exec(text);
  }
  if (read !== text.length) throw new Error(`malformed labels: {${text}}`);
  return labels;
}
