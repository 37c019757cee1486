import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeGuideExcerpts, describeReceiver } from '@dramarelay/example-support';
import { afterAll } from 'vitest';

const cwd = fileURLToPath(new URL('..', import.meta.url));
// The example remembers handled ids as files in the temporary directory: one per test run.
const handledIds = mkdtempSync(join(tmpdir(), 'example-php-'));
afterAll(() => rmSync(handledIds, { recursive: true, force: true }));

describeReceiver('PHP', {
  launch: (port) => ({
    command: 'php',
    args: ['-S', `127.0.0.1:${port}`, 'receiver.php'],
    cwd,
    env: { TMPDIR: handledIds },
    ready: /Development Server \(http:\/\/127\.0\.0\.1:\d+\) started/,
  }),
});
describeGuideExcerpts('examples/php/receiver.php');
