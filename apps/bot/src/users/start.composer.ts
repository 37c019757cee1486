import { Composer } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import { languageKeyboard, menuKeyboard } from '../bot/keyboards.js';
import { TELEGRAM_LIMITS } from '../bot/message-limits.js';
import type { Db } from '../database/database.js';
import { isLocale } from '../i18n/locales.js';
import { translator } from '../i18n/translate.js';
import { recordInvite, setUserLanguage } from './user.repository.js';

const INVITE = /^invite_(\d{1,15})$/;

/** `/start` (with an optional `invite_<id>` deep link), the menu, help and the language choice. */
export function startComposer(deps: { db: Db }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('start', async (ctx) => {
    const inviter = INVITE.exec(ctx.match.trim())?.[1];
    if (inviter) await recordInvite(deps.db, ctx.user.id, Number(inviter));
    const name = ctx.from?.first_name ?? '';
    await ctx.reply(ctx.t('welcome', { name }));
    if (ctx.user.language === null) {
      await ctx.reply(ctx.t('choose_language'), { reply_markup: languageKeyboard() });
      return;
    }
    await ctx.reply(ctx.t('menu_title'), { reply_markup: menuKeyboard(ctx.t) });
  });

  composer.command('menu', (ctx) =>
    ctx.reply(ctx.t('menu_title'), { reply_markup: menuKeyboard(ctx.t) }),
  );
  composer.command('help', (ctx) =>
    ctx.reply(ctx.t('help'), { reply_markup: menuKeyboard(ctx.t) }),
  );
  composer.callbackQuery('menu:help', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('help'), { reply_markup: menuKeyboard(ctx.t) });
  });

  const askLanguage = (ctx: BotContext) =>
    ctx.reply(ctx.t('choose_language'), { reply_markup: languageKeyboard() });
  composer.command('language', askLanguage);
  composer.callbackQuery('menu:language', async (ctx) => {
    await ctx.answerCallbackQuery();
    await askLanguage(ctx);
  });

  composer.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const locale = ctx.match[1];
    if (!isLocale(locale)) return ctx.answerCallbackQuery();
    await setUserLanguage(deps.db, ctx.user.id, locale);
    ctx.locale = locale;
    ctx.t = translator(locale);
    await ctx.answerCallbackQuery({
      text: ctx.t('language_set', {}, TELEGRAM_LIMITS.callbackAnswer),
    });
    await ctx.reply(ctx.t('menu_title'), { reply_markup: menuKeyboard(ctx.t) });
  });

  return composer;
}
