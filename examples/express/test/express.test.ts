import { fileURLToPath } from 'node:url';
import { describeGuideExcerpts, describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

describeReceiver('Express', {
  launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd }),
});
describeGuideExcerpts('examples/express/src/server.ts');
