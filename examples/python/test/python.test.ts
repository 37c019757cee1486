import { fileURLToPath } from 'node:url';
import { describeGuideExcerpts, describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

describeReceiver('Python', { launch: () => ({ command: 'python3', args: ['receiver.py'], cwd }) });
describeGuideExcerpts('examples/python/receiver.py');
