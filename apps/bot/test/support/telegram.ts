import type { Api, RawApi } from 'grammy';
import type { Message, Update, User, UserFromGetMe } from 'grammy/types';

export const TEST_BOT_TOKEN = '123456789:AAtestTokenForOfflineTestsOnly_0123456';

export const BOT_INFO: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: 'Drama Relay',
  username: 'drama_relay_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: keyof RawApi;
  payload: Record<string, unknown>;
}

/** Every Bot API call the bot makes, answered locally: nothing reaches Telegram. */
export function captureApiCalls(bot: { api: Api }): ApiCall[] {
  const calls: ApiCall[] = [];
  let messageId = 1000;
  bot.api.config.use(async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    calls.push({ method, payload: p });
    // Refused as Telegram refuses it, so a message over the limit is lost here too.
    if (typeof p.text === 'string' && p.text.length > 4096) {
      return {
        ok: false,
        error_code: 400,
        description: 'Bad Request: message is too long',
      } as never;
    }
    let result: unknown = true;
    if (method === 'sendMessage' || method === 'editMessageText') {
      result = {
        message_id: ++messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(p.chat_id), type: 'private', first_name: 'user' },
        text: String(p.text),
      };
    }
    return { ok: true, result } as never;
  });
  return calls;
}

/** The text of every message the bot sent (or edited), in order. */
export function sentTexts(calls: readonly ApiCall[]): string[] {
  return calls
    .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
    .map((c) => String(c.payload.text));
}

export function lastMessage(calls: readonly ApiCall[]): ApiCall {
  const sent = calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
  const last = sent.at(-1);
  if (!last) throw new Error('the bot sent no message');
  return last;
}

/** Callback data of the inline buttons of a sent message. */
export function buttons(call: ApiCall): { text: string; data: string }[] {
  const markup = call.payload.reply_markup as
    | { inline_keyboard?: { text: string; callback_data?: string }[][] }
    | undefined;
  return (markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => ({ text: b.text, data: b.callback_data ?? '' }));
}

let updateId = 1;

export function telegramUser(id: number, overrides: Partial<User> = {}): User {
  return {
    id,
    is_bot: false,
    first_name: `User${id}`,
    username: `user${id}`,
    language_code: 'en',
    ...overrides,
  };
}

export function textUpdate(from: User, text: string): Update {
  const command = /^\/\w+/.exec(text)?.[0];
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from,
      text,
      ...(command
        ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] }
        : {}),
    } as Update['message'],
  };
}

export function callbackUpdate(from: User, data: string): Update {
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from,
      chat_instance: 'chat',
      data,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: 'private', first_name: from.first_name },
        text: 'menu',
      } as Message.TextMessage,
    },
  };
}
