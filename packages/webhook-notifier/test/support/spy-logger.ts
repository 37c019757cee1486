import type { Logger } from '../../src/engine/logger.js';

export interface SpyLogger extends Logger {
  readonly lines: { level: string; obj: Record<string, unknown>; msg: string | undefined }[];
  /** Everything logged, as one JSON text to search in. */
  serialized(): string;
}

export function createSpyLogger(): SpyLogger {
  const lines: SpyLogger['lines'] = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    serialized: () => JSON.stringify(lines),
  };
}
