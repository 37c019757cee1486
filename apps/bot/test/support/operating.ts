import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** Creates a task through the API; returns its view (with the secret shown once). */
export async function createTask(t: TestApp, headers: Record<string, string>, json: object) {
  const response = await t.request('/api/tasks', { method: 'POST', headers, json });
  expect(response.status).toBe(201);
  return (await response.json()).task;
}

/** Asks for a test webhook to a task (or, with `null`, to the key's default endpoint). */
export async function sendTestWebhook(
  t: TestApp,
  headers: Record<string, string>,
  taskId: number | null,
) {
  const path = taskId === null ? '/api/endpoint/test-webhook' : `/api/tasks/${taskId}/test-webhook`;
  const response = await t.request(path, { method: 'POST', headers });
  expect(response.status).toBe(202);
  return (await response.json()) as { delivery_id: string; endpoint_id: string };
}

/**
 * Delivery rounds with the clock moved `stepMs` after each, so retries and circuit-breaker
 * pauses come due without waiting.
 */
export async function deliverRounds(t: TestApp, rounds: number, stepMs = 10 * 60_000) {
  for (let i = 0; i < rounds; i++) {
    await t.app.notifier.runOnce();
    t.clock.advance(stepMs);
  }
}

export async function getJson(t: TestApp, path: string, headers: Record<string, string>) {
  const response = await t.request(path, { headers });
  return { status: response.status, body: await response.json() };
}
