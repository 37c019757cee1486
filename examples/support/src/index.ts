export { deliverTaskCompleted, type NotifierDelivery } from './deliver-with-notifier.js';
export { describeGuideExcerpts } from './describe-guide-excerpts.js';
export { describeReceiver, type ReceiverExample } from './describe-receiver.js';
export { type FencedBlock, fencedBlocks, guideExcerptsOf, repoPath } from './fenced-blocks.js';
export { freePort } from './free-port.js';
export { type PostedWebhook, postWebhook } from './post-webhook.js';
export { type Finished, runToExit } from './run-to-exit.js';
export { type ExampleProcess, type RunningExample, startExample } from './start-example.js';
export {
  DRAMA_TITLE,
  escapeNonAscii,
  pythonStyleJson,
  taskCompletedSample,
} from './task-completed-sample.js';
