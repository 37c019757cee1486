// Receivers in a process of their own (so that they never share an event loop with what
// they measure), one port each, as RELIABILITY_RECEIVER describes:
// { ports: [{ name, mode: 'ok' | 'silent' | 'flaky', failures? }] }. `ok` answers 204,
// `silent` reads the request and never answers, `flaky` fails a share of the requests
// (`failures`: { status500, hang, reset } as probabilities; a hang answers after `hangMs`).
// Answers to the parent: ready (urls), stats, ids (2xx answers per webhook-id).
import { createServer } from 'node:http';

const { ports, hangMs = 3000 } = JSON.parse(process.env.RELIABILITY_RECEIVER ?? '{}');
const stats = {};
const delivered = new Map();
let healed = false;
const servers = [];

function answer(response, webhookId, status) {
  response.on('finish', () => {
    if (status < 300) delivered.set(webhookId, (delivered.get(webhookId) ?? 0) + 1);
  });
  response.writeHead(status);
  response.end();
}

function handler(port) {
  const counts = { requests: 0, ok: 0, failed: 0, open: 0 };
  stats[port.name] = counts;
  return (request, response) => {
    counts.requests++;
    counts.open++;
    response.on('close', () => counts.open--);
    request.resume();
    request.on('end', () => {
      const webhookId = String(request.headers['webhook-id']);
      if (port.mode === 'silent') return;
      const failures = port.mode === 'flaky' && !healed ? port.failures : {};
      const roll = Math.random();
      const status500 = failures.status500 ?? 0;
      const reset = status500 + (failures.reset ?? 0);
      const hang = reset + (failures.hang ?? 0);
      if (roll < hang) {
        counts.failed++;
        if (roll < status500) return answer(response, webhookId, 500);
        if (roll < reset) return request.socket.resetAndDestroy();
        return void setTimeout(() => answer(response, webhookId, 204), hangMs);
      }
      counts.ok++;
      answer(response, webhookId, 204);
    });
  };
}

const urls = {};
for (const port of ports) {
  const server = createServer(handler(port));
  server.keepAliveTimeout = 60_000;
  servers.push(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  urls[port.name] = `http://127.0.0.1:${server.address().port}/${port.name}`;
}
process.send({ type: 'ready', urls });
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  if (message.type === 'stats') process.send({ type: 'stats', stats });
  if (message.type === 'ids') process.send({ type: 'ids', ids: [...delivered] });
  // From now on every flaky port answers 204: the drain at the end of a soak.
  if (message.type === 'heal') {
    healed = true;
    process.send({ type: 'heal' });
  }
  if (message.type === 'stop') {
    for (const server of servers) server.closeAllConnections();
    process.exit(0);
  }
});
