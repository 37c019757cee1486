import { Composer } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import { clipText, TELEGRAM_LIMITS } from '../bot/message-limits.js';
import type { Db } from '../database/database.js';
import { getStanding, topRanking } from './reward.repository.js';

/** My node power and rank, and the top-20 ranking. */
export function standingComposer(deps: { db: Db }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function power(ctx: BotContext) {
    const standing = await getStanding(deps.db, ctx.user.id);
    await ctx.reply(
      ctx.t('power', {
        power: standing?.nodePower ?? 0,
        rank: standing?.rank ?? 1,
        completed: standing?.completedTasks ?? 0,
      }),
    );
  }

  async function ranking(ctx: BotContext) {
    const top = await topRanking(deps.db, 20);
    if (top.length === 0) return void (await ctx.reply(ctx.t('ranking_empty')));
    const lines = top.map((entry) =>
      ctx.t('ranking_line', { rank: entry.rank, name: entry.name, power: entry.nodePower }),
    );
    await ctx.reply(
      clipText([ctx.t('ranking_title'), ...lines].join('\n'), TELEGRAM_LIMITS.messageText),
    );
  }

  composer.command('power', power);
  composer.command('ranking', ranking);
  composer.callbackQuery('menu:power', async (ctx) => {
    await ctx.answerCallbackQuery();
    await power(ctx);
  });
  composer.callbackQuery('menu:ranking', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ranking(ctx);
  });
  return composer;
}
