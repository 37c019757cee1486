import { describe, expect, it } from 'vitest';
import { EXCERPT_BYTES, runMisbehavingReceivers } from '../lib/misbehaving-receivers.mjs';
import { runBeforeAll } from './scenario-run.mjs';

const MIB = 2 ** 20;
// Without a deadline the hanging cases would never record an attempt: give up after 60 s.
const scenario = runBeforeAll((connectionString) =>
  runMisbehavingReceivers({ connectionString, timeoutMs: 1500, giveUpMs: 60_000 }),
);

describe('a worker facing receivers that misbehave', () => {
  it.each([
    ['no-answer', 'timeout'],
    ['trickle', 'timeout'],
    ['endless-body', null],
    ['one-gibibyte', null],
    ['reset', 'network'],
    ['self-signed-tls', 'network'],
    ['redirect-to-private', 'redirect'],
    ['ten-thousand-headers', 'network'],
  ])('records the documented outcome for %s (%s; null is delivered)', (name, expected) => {
    const row = scenario.run.cases.find((entry) => entry.name === name);
    expect({ name, errorClass: row.errorClass }).toEqual({ name, errorClass: expected });
  });

  it('reads only the excerpt of an endless body and of a 1 GiB one', () => {
    for (const name of ['endless-body', 'one-gibibyte']) {
      const row = scenario.run.cases.find((entry) => entry.name === name);
      expect(row.excerptBytes).toBe(EXCERPT_BYTES);
      expect(row.receiverSentBytes).toBeLessThan(64 * MIB);
    }
  });

  it('names the certificate problem of a self-signed TLS endpoint', () => {
    const row = scenario.run.cases.find((entry) => entry.name === 'self-signed-tls');
    expect(row.error).toMatch(/self-signed certificate/);
  });

  it('never connects to the private address a redirect points at', () => {
    expect(scenario.run.redirectTargetConnections).toBe(0);
  });

  it("keeps the worker's memory bounded: heap within 8 MiB, peak RSS within 64 MiB", () => {
    expect(scenario.run.after.heapUsed - scenario.run.before.heapUsed).toBeLessThan(8 * MIB);
    expect(scenario.run.after.hwmBytes - scenario.run.before.hwmBytes).toBeLessThan(64 * MIB);
  });
});
