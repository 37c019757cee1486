import { fileURLToPath } from 'node:url';
import { describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

describeReceiver('Fastify', {
  launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd }),
});
