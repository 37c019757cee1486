// The receiver of every throughput row, in a process of its own so that it never shares an
// event loop with the client it measures: reads the whole body, answers 204, counts.
import { createServer } from 'node:http';
import { cpuMs } from './meter.mjs';

let received = 0;
let connections = 0;
const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    received++;
    response.writeHead(204);
    response.end();
  });
});
server.on('connection', () => connections++);
// Longer than any client's keep-alive, so the client always closes first and no request
// races a server-side close.
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port });
});
process.on('message', (message) => {
  if (message.type === 'stats')
    process.send({ type: 'stats', received, connections, cpuMs: cpuMs() });
  if (message.type === 'stop') {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
