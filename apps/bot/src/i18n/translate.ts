import { fillWithin, TELEGRAM_LIMITS } from '../bot/message-limits.js';
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ja from './locales/ja.json' with { type: 'json' };
import ko from './locales/ko.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import zhTW from './locales/zh-TW.json' with { type: 'json' };
import type { Locale } from './locales.js';

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;
/**
 * A message in the user's language, within Telegram's limits: `limit` is 4096 (a message's
 * text) unless given, e.g. `TELEGRAM_LIMITS.callbackAnswer` for a callback answer.
 */
export type Translate = (key: MessageKey, params?: MessageParams, limit?: number) => string;

/** Parameters cut only when cutting all the others was not enough: a link must stay usable. */
const KEEP_WHOLE: Partial<Record<MessageKey, readonly string[]>> = { claimed: ['video'] };

/** Every locale has every key: the English file is the list, a test checks the others. */
export const catalogs: Record<Locale, Record<MessageKey, string>> = {
  en,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
  ja,
  ko,
  es,
};

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  // Every text the bot builds goes through here, so every one fits by construction.
  return (key, params = {}, limit = TELEGRAM_LIMITS.messageText) =>
    fillWithin(catalog[key] ?? en[key], params, limit, KEEP_WHOLE[key]);
}
