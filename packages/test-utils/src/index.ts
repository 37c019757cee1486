export { createFakeClock, type FakeClock } from './fake-clock.js';
export { seededRandom } from './seeded-random.js';
export { standardWebhooksVectors, type SignatureVector } from './vectors.js';
