import { describe, expect, it } from 'vitest';
import type { CallbackStatus } from '../../src/notifications/completion-webhooks.js';
import type { Task } from '../../src/tasks/task.repository.js';
import { taskView } from '../../src/tasks/task-view.js';

const now = new Date('2026-12-01T00:00:00Z');
// Only what the view reads to place the task in time; the rest is not under test here.
const task = {
  id: 1,
  status: 'active',
  expires_at: new Date('2026-12-02T00:00:00Z'),
  created_at: now,
  updated_at: now,
} as Task;

function delivery(status: CallbackStatus, attempts: number) {
  return {
    id: 'dlv_1',
    messageId: 'msg_1',
    endpointId: 'task_1',
    status,
    attempts,
    lastAttemptAt: attempts > 0 ? now : null,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: null,
  };
}

describe('callback_retry_count, the original X2C name', () => {
  it.each([
    ['no completion yet', undefined, 0],
    ['a webhook not yet tried', delivery('pending', 0), 0],
    ['a first attempt that succeeded', delivery('success', 1), 0],
    ['success at the third attempt', delivery('success', 3), 2],
    ['two failed attempts, retry pending', delivery('pending', 2), 2],
    ['every attempt failed', delivery('failed', 4), 4],
  ])('counts the failed attempts of the latest webhook: %s', (_name, latest, expected) => {
    const view = taskView(task, { now, delivery: latest });
    expect(view.callback_retry_count).toBe(expected);
  });
});
