/**
 * `@dramarelay/webhook-notifier/cli`: the operator's command line (`dramarelay-webhooks`),
 * to embed in an application's own command. It needs `kysely`, and `pg` when it connects by
 * URL (the optional peer dependencies); the core entry points never load it.
 */
export { EXIT, type ExitCode } from './cli-error.js';
export type { CliEnv, CliStream } from './cli-streams.js';
export { runWebhooksCli, type WebhooksCliOptions } from './run-webhooks-cli.js';
