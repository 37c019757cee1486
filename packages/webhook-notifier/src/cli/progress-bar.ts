import cliProgress from 'cli-progress';
import type { CliStream } from './cli-streams.js';

export interface ProgressBar {
  update(done: number): void;
  stop(): void;
}

/**
 * A progress bar on `stream` when it is a terminal; nothing otherwise, so a pipe or a log
 * file never gets control characters.
 *
 * @example
 * const bar = startProgressBar(process.stderr, 1200, 'replay');
 */
export function startProgressBar(stream: CliStream, total: number, label: string): ProgressBar {
  if (stream.isTTY !== true || total === 0) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as unknown as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% {value}/{total}`,
      hideCursor: true,
      // Redraw at each batch, not on a timer: nothing runs after the command ends.
      noTTYOutput: false,
      fps: 10,
    },
    cliProgress.Presets.legacy,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(Math.min(done, total)),
    stop: () => bar.stop(),
  };
}
