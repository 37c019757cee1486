export const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'es'] as const;

export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** Names shown on the language buttons, each in its own language. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  ja: '日本語',
  ko: '한국어',
  es: 'Español',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Best guess from Telegram's `language_code` (e.g. `zh-hans`, `pt-br`), before the user picks. */
export function localeFromTelegram(code: string | undefined): Locale {
  if (!code) return DEFAULT_LOCALE;
  const lower = code.toLowerCase();
  if (lower === 'zh-tw' || lower === 'zh-hk' || lower === 'zh-hant') return 'zh-TW';
  if (lower.startsWith('zh')) return 'zh-CN';
  const base = lower.split('-')[0];
  return isLocale(base) ? base : DEFAULT_LOCALE;
}
