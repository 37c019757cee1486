import { fileURLToPath } from 'node:url';
import { describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

// The route handler served through serve.ts (node:http to Fetch Request); next-build.test.ts
// runs it built by `next build`.
describeReceiver('Next.js route handler', {
  launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'serve.ts'], cwd }),
  path: '/api/webhooks',
});
