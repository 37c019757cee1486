import { sequentialize } from '@grammyjs/runner';
import { Bot, type BotConfig } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Db } from '../database/database.js';
import { standingComposer } from '../rewards/standing.composer.js';
import { submitComposer } from '../submissions/submit.composer.js';
import { browseComposer } from '../tasks/browse.composer.js';
import { startComposer } from '../users/start.composer.js';
import type { ClaimVerifier } from '../verification/verify-claim.js';
import type { BotContext } from './bot-context.js';
import { limitOutgoingText } from './message-limits.js';
import { userMiddleware } from './user-middleware.js';

export interface BotDeps {
  db: Db;
  verifier: Pick<ClaimVerifier, 'canCheck'>;
  /** Wakes the background link checker (the verification sweeper). */
  requestCheck: () => void;
  now: () => Date;
  logger: { error(obj: object, msg: string): void };
  /** Known bot identity: skips the `getMe` call (offline tests). */
  botInfo?: UserFromGetMe;
  client?: BotConfig<BotContext>['client'];
}

/** The Telegram bot: one composer per feature, behind the middleware that loads the user. */
export function createBot(token: string, deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    ...(deps.client ? { client: deps.client } : {}),
  });
  bot.api.config.use(limitOutgoingText);
  // Updates are handled concurrently (the runner); those of one chat still one at a time, in order.
  bot.use(sequentialize(updateChat));
  bot.use(userMiddleware(deps));
  bot.use(startComposer(deps));
  bot.use(browseComposer(deps));
  bot.use(standingComposer(deps));
  bot.use(submitComposer(deps));
  bot.catch((error) => {
    deps.logger.error(
      { err: error.error, updateId: error.ctx.update.update_id },
      'bot update failed',
    );
  });
  return bot;
}

/** The chat an update belongs to (its sender's, for a button press), the key of its queue. */
function updateChat(ctx: BotContext): string | undefined {
  return (ctx.chat?.id ?? ctx.from?.id)?.toString();
}

export const BOT_COMMANDS = [
  { command: 'start', description: 'Start and choose your language' },
  { command: 'tasks', description: 'Browse active tasks' },
  { command: 'submit', description: 'Submit the link of your post' },
  { command: 'power', description: 'My node power and rank' },
  { command: 'ranking', description: 'Top 20 ranking' },
  { command: 'language', description: 'Change language' },
  { command: 'help', description: 'How it works' },
];
