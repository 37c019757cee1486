import type { Context } from 'grammy';
import type { Locale } from '../i18n/locales.js';
import type { Translate } from '../i18n/translate.js';
import type { TelegramUser } from '../users/user.repository.js';

/** What every handler gets besides grammY's context: the user's row and their language. */
export interface AppFlavor {
  user: TelegramUser;
  locale: Locale;
  t: Translate;
}

export type BotContext = Context & AppFlavor;
