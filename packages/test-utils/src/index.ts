export { arbitraryString, arbitraryValue, ODD_VALUES } from './arbitrary.js';
export { createFakeClock, type FakeClock } from './fake-clock.js';
export { getTestDatabase, type TestDatabase } from './postgres.js';
export { type ProcessRun, type RunProcessOptions, runNode } from './run-process.js';
export { seededRandom } from './seeded-random.js';
export { startTcpProxy, type TcpProxy, targetOf } from './tcp-proxy.js';
export { type SignatureVector, standardWebhooksVectors } from './vectors.js';
