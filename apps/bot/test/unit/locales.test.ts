import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locales.js';
import { catalogs, translator } from '../../src/i18n/translate.js';

describe('translations', () => {
  const english = catalogs.en;

  it.each(LOCALES)('%s has every message, with the same placeholders as English', (locale) => {
    const catalog = catalogs[locale];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(catalog[key as keyof typeof english]), `${locale}.${key}`).toEqual(
        placeholders(text),
      );
    }
  });

  it('fills placeholders', () => {
    expect(translator('zh-CN')('power', { power: 30, rank: 2, completed: 3 })).toBe(
      '你的节点算力：30\n排名：第 2 名\n已完成任务：3',
    );
  });
});
