import { InlineKeyboard } from 'grammy';
import { LOCALE_NAMES, LOCALES } from '../i18n/locales.js';
import type { Translate } from '../i18n/translate.js';
import { callbackButton } from './message-limits.js';

export function menuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .add(callbackButton(t('menu_tasks'), 'menu', 'tasks'))
    .add(callbackButton(t('menu_submit'), 'menu', 'submit'))
    .row()
    .add(callbackButton(t('menu_power'), 'menu', 'power'))
    .add(callbackButton(t('menu_ranking'), 'menu', 'ranking'))
    .row()
    .add(callbackButton(t('menu_help'), 'menu', 'help'))
    .add(callbackButton(t('menu_language'), 'menu', 'language'));
}

export function languageKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  LOCALES.forEach((locale, i) => {
    keyboard.add(callbackButton(LOCALE_NAMES[locale], 'lang', locale));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
