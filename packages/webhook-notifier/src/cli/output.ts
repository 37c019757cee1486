import Table from 'cli-table3';
import picocolors from 'picocolors';
import type { CliStream } from './cli-streams.js';

export type Colours = ReturnType<typeof picocolors.createColors>;

/** A table without borders: columns line up, and `grep`/`awk` still work on it. */
const PLAIN_CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** What a command prints: JSON for scripts (`--json`), or lines and tables for people. */
export class Output {
  readonly colours: Colours;

  constructor(
    private readonly stream: CliStream,
    readonly json: boolean,
    colour: boolean,
  ) {
    this.colours = picocolors.createColors(colour);
  }

  /** The whole result as one JSON document (dates as ISO 8601 strings). */
  data(value: unknown): void {
    this.stream.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  line(text = ''): void {
    this.stream.write(`${text}\n`);
  }

  table(head: readonly string[], rows: readonly (readonly string[])[]): void {
    const table = new Table({
      head: head.map((title) => this.colours.bold(title)),
      chars: PLAIN_CHARS,
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    });
    table.push(...rows.map((row) => [...row]));
    this.line(
      table
        .toString()
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n'),
    );
  }

  /** `label  value` lines, labels padded to one width. */
  fields(pairs: readonly (readonly [string, string])[]): void {
    const width = Math.max(...pairs.map(([label]) => label.length));
    for (const [label, value] of pairs) {
      this.line(`${this.colours.dim(label.padEnd(width))}  ${value}`);
    }
  }
}
