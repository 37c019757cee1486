#!/usr/bin/env node
import { runWebhooksCli } from './run-webhooks-cli.js';

runWebhooksCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
