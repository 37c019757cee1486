import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { retentionOption } from '../../src/notifications/retention.js';

describe('webhook retention settings', () => {
  it('is on by default: delivered kept 7 days, failed 30 days', () => {
    const config = loadConfig({});
    expect(config.webhookRetention).toEqual({ deliveredDays: 7, failedDays: 30 });
    expect(retentionOption(config.webhookRetention)).toEqual({
      deliveredMaxAgeMs: 7 * 86_400_000,
      failedMaxAgeMs: 30 * 86_400_000,
    });
  });

  it('takes other ages in days, or off', () => {
    const config = loadConfig({
      WEBHOOK_RETENTION_DELIVERED_DAYS: '2',
      WEBHOOK_RETENTION_FAILED_DAYS: '90',
    });
    expect(config.webhookRetention).toEqual({ deliveredDays: 2, failedDays: 90 });
    const off = loadConfig({ WEBHOOK_RETENTION: 'off' });
    expect(off.webhookRetention).toBeUndefined();
    expect(retentionOption(off.webhookRetention)).toBe(false);
  });

  it.each([
    ['WEBHOOK_RETENTION_DELIVERED_DAYS', '0'],
    ['WEBHOOK_RETENTION_DELIVERED_DAYS', 'a week'],
    ['WEBHOOK_RETENTION_FAILED_DAYS', '1.5'],
    ['WEBHOOK_RETENTION_FAILED_DAYS', '99999'],
    ['WEBHOOK_RETENTION', 'sometimes'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(new RegExp(`^${name}: `)),
    ]);
  });
});
