// Sends one task.completed webhook with the notifier and says what the receiver answered.
//   WEBHOOK_URL=http://127.0.0.1:4000/webhooks WEBHOOK_SECRET=whsec_... SCHEME=standard-webhooks npm start
import { createNotifier, MemoryStore } from '@dramarelay/webhook-notifier';

const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret } = process.env;
if (!url || !secret) throw new Error('set WEBHOOK_URL and WEBHOOK_SECRET');
const scheme = process.env.SCHEME === 'legacy' ? 'legacy' : 'standard-webhooks';

// allow: lets it reach a receiver on this machine, which the SSRF guard refuses otherwise.
const notifier = createNotifier({ store: new MemoryStore(), ssrf: { allow: ['127.0.0.1'] } });

const now = new Date().toISOString();
const { messageId, deliveryId } = await notifier.enqueue({
  endpoint: { url, secrets: [secret], scheme },
  eventType: 'task.completed',
  payload: {
    event: 'task.completed',
    timestamp: now,
    data: {
      task_id: 'x2c-20260115-0042',
      relay_task_id: 42,
      task_title: '《霸道总裁爱上我》',
      user_id: 7,
      username: '小明',
      platform: 'tiktok',
      submission_link: 'https://www.tiktok.com/@xiaoming/video/7321234567890123456',
      submitted_at: now,
      verified_at: now,
      node_power_earned: 50,
      verification_status: 'verified',
      verification_details: {
        matched: true,
        match_rate: 100,
        matched_keywords: ['霸道总裁爱上我'],
      },
    },
  },
});
// One attempt, then exit. A real sender keeps `notifier.start()` running, on a durable store.
const { delivered } = await notifier.runOnce();
// The receiver's answer, body included: a refusing receiver says why, e.g. {"error":"..."}.
for (const attempt of await notifier.store.listAttempts(deliveryId)) {
  const outcome = delivered === 1 ? 'delivered' : 'not delivered';
  const answer = attempt.statusCode ? `HTTP ${attempt.statusCode}` : attempt.error;
  const body = attempt.responseExcerpt ? ` ${attempt.responseExcerpt}` : '';
  console.log(`${outcome} ${messageId}: ${answer}${body}`);
}
await notifier.stop();
process.exitCode = delivered === 1 ? 0 : 1;
