import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findUser } from '../../src/users/user.repository.js';
import {
  buttons,
  callbackUpdate,
  lastMessage,
  sentTexts,
  telegramUser,
  textUpdate,
} from '../support/telegram.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.calls.length = 0;
});

const send = (update: Parameters<NonNullable<TestApp['app']['bot']>['handleUpdate']>[0]) =>
  t.app.bot!.handleUpdate(update);

describe('/start', () => {
  it('welcomes a new user by name and asks for a language with six choices', async () => {
    const ana = telegramUser(2001, { first_name: 'Ana' });
    await send(textUpdate(ana, '/start'));
    const texts = sentTexts(t.calls);
    expect(texts[0]).toMatch(/^Welcome to Drama Relay, Ana!/);
    expect(texts[1]).toBe('Choose your language:');
    expect(buttons(lastMessage(t.calls)).map((b) => b.data)).toEqual([
      'lang:en',
      'lang:zh-CN',
      'lang:zh-TW',
      'lang:ja',
      'lang:ko',
      'lang:es',
    ]);
  });

  it('speaks the chosen language from then on', async () => {
    const li = telegramUser(2002, { first_name: 'Li', language_code: 'en' });
    await send(textUpdate(li, '/start'));
    await send(callbackUpdate(li, 'lang:zh-CN'));
    expect(
      t.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload.text)?.payload.text,
    ).toBe('语言已设置为简体中文。');
    const menu = lastMessage(t.calls);
    expect(menu.payload.text).toBe('你想做什么？');
    expect(buttons(menu).map((b) => b.text)).toEqual([
      '任务列表',
      '提交链接',
      '我的算力',
      '排行榜',
      '帮助',
      '语言',
    ]);
    t.calls.length = 0;
    await send(textUpdate(li, '/power'));
    expect(sentTexts(t.calls)).toEqual(['你的节点算力：0\n排名：第 1 名\n已完成任务：0']);
    expect((await findUser(t.db, li.id))?.language).toBe('zh-CN');
  });

  it('guesses the language from Telegram before the user picks one', async () => {
    await send(textUpdate(telegramUser(2003, { language_code: 'es' }), '/help'));
    expect(sentTexts(t.calls)[0]).toMatch(/^Cómo funciona:/);
  });

  it('shows the menu directly to a returning user who chose a language', async () => {
    const bo = telegramUser(2004);
    await send(textUpdate(bo, '/start'));
    await send(callbackUpdate(bo, 'lang:en'));
    t.calls.length = 0;
    await send(textUpdate(bo, '/start'));
    expect(sentTexts(t.calls)[1]).toBe('What would you like to do?');
  });

  it('records who invited a user through an invite_<id> link, once', async () => {
    const inviter = telegramUser(2010);
    const invited = telegramUser(2011);
    await send(textUpdate(inviter, '/start'));
    await send(textUpdate(invited, `/start invite_${inviter.id}`));
    await send(textUpdate(invited, '/start invite_2012'));
    expect((await findUser(t.db, invited.id))?.invited_by).toBe(inviter.id);
  });

  it('ignores an invite from oneself or from nobody known', async () => {
    const self = telegramUser(2020);
    await send(textUpdate(self, `/start invite_${self.id}`));
    await send(textUpdate(self, '/start invite_999999'));
    expect((await findUser(t.db, self.id))?.invited_by).toBeNull();
  });

  it('ignores updates from groups', async () => {
    const update = textUpdate(telegramUser(2030), '/start');
    if (update.message) update.message.chat = { id: -100, type: 'group', title: 'a group' };
    await send(update);
    expect(t.calls).toEqual([]);
    expect(await findUser(t.db, 2030)).toBeUndefined();
  });
});
