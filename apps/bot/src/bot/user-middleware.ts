import type { MiddlewareFn } from 'grammy';
import type { Db } from '../database/database.js';
import { localeFromTelegram } from '../i18n/locales.js';
import { translator } from '../i18n/translate.js';
import { upsertUser } from '../users/user.repository.js';
import type { BotContext } from './bot-context.js';

/**
 * Loads (or records) the user behind every private update and picks their language. Updates
 * from groups, channels or without a sender are ignored: the bot works in private chats only.
 */
export function userMiddleware(deps: { db: Db; now: () => Date }): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot || (ctx.chat && ctx.chat.type !== 'private')) return;
    const user = await upsertUser(deps.db, {
      id: from.id,
      username: from.username ?? null,
      firstName: from.first_name ?? null,
      now: deps.now(),
    });
    ctx.user = user;
    ctx.locale = user.language ?? localeFromTelegram(from.language_code);
    ctx.t = translator(ctx.locale);
    await next();
  };
}
