import { InlineKeyboard } from 'grammy';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.js';
import type { Translate } from '../i18n/translate.js';

export function menuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('menu_tasks'), 'menu:tasks')
    .text(t('menu_submit'), 'menu:submit')
    .row()
    .text(t('menu_power'), 'menu:power')
    .text(t('menu_ranking'), 'menu:ranking')
    .row()
    .text(t('menu_help'), 'menu:help')
    .text(t('menu_language'), 'menu:language');
}

export function languageKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  LOCALES.forEach((locale, i) => {
    keyboard.text(LOCALE_NAMES[locale], `lang:${locale}`);
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
