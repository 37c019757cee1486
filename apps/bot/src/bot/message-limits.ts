import type { Transformer } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';

/**
 * Telegram's limits on what a bot sends (https://core.telegram.org/bots/api). Lengths are
 * counted in UTF-16 code units, as Telegram counts entity offsets: never fewer than the
 * characters it counts, so a text within these limits is accepted.
 */
export const TELEGRAM_LIMITS = {
  /** `sendMessage` / `editMessageText` text. */
  messageText: 4096,
  /** `answerCallbackQuery` text. */
  callbackAnswer: 200,
  /** `callback_data` of an inline button, in bytes (UTF-8). */
  callbackData: 64,
  /** Our own rule for button labels: Telegram cuts long ones on screen anyway. */
  buttonText: 64,
} as const;

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts a text to at most `max` UTF-16 code units, ending it with `…` when it was cut. Cuts
 * between graphemes only: never inside a surrogate pair (which Telegram would refuse as
 * invalid UTF-8) nor inside an emoji sequence or a combining mark.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return '';
  const end = max - ELLIPSIS.length;
  // Grapheme boundaries are local: segmenting a window before the cut is enough (and keeps
  // this cheap on a 5,000-character description). The window never starts inside a pair.
  let start = Math.max(0, end - 64);
  if (isLowSurrogate(text.charCodeAt(start))) start--;
  let cut = start;
  for (const { index, segment } of graphemes.segment(text.slice(start, end + 64))) {
    if (index + segment.length > end - start) break;
    cut = start + index + segment.length;
  }
  return `${text.slice(0, cut)}${ELLIPSIS}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export type TemplateParams = Record<string, string | number>;

/**
 * Fills `{name}` placeholders so that the result fits `limit`: when it would not, the longest
 * text parameters are cut first, each to the same length (the largest that fits), and the ones
 * named in `keep` (a link that must stay whole) only if cutting the others was not enough.
 */
export function fillWithin(
  template: string,
  params: TemplateParams,
  limit: number,
  keep: readonly string[] = [],
): string {
  const fill = (values: TemplateParams) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  const full = fill(params);
  if (full.length <= limit) return full;

  const texts = new Set<string>();
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    if (typeof params[name!] === 'string') texts.add(name!);
  }
  const cutFirst = [...texts].filter((name) => !keep.includes(name));
  const fitted = shrink(fill, params, cutFirst, limit);
  if (fitted.length <= limit) return fitted;
  return clipText(shrink(fill, params, [...texts], limit), limit);
}

/** Cuts `names` to the largest common length at which the filled template fits. */
function shrink(
  fill: (values: TemplateParams) => string,
  params: TemplateParams,
  names: readonly string[],
  limit: number,
): string {
  const at = (cap: number) => {
    const values: TemplateParams = { ...params };
    for (const name of names) values[name] = clipText(String(params[name]), cap);
    return values;
  };
  const bare = fill(at(0));
  if (bare.length > limit) return bare;
  const longest = Math.max(0, ...names.map((name) => String(params[name]).length));
  // Binary search for the largest cap that fits: the length grows with the cap.
  let low = 0;
  let high = longest;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fill(at(mid)).length <= limit) low = mid;
    else high = mid - 1;
  }
  return fill(at(low));
}

/** A button label within our limit. */
export function buttonText(text: string): string {
  return clipText(text, TELEGRAM_LIMITS.buttonText);
}

/**
 * Builds a button's `callback_data` from its parts (`task`, `42` → `task:42`). Throws when it
 * would exceed Telegram's 64 bytes: a programming error, caught by the tests at the largest
 * inputs, never a message that silently fails to send.
 */
export function callbackData(...parts: readonly (string | number)[]): string {
  const data = parts.join(':');
  if (Buffer.byteLength(data, 'utf8') > TELEGRAM_LIMITS.callbackData) {
    throw new RangeError(`callback_data over ${TELEGRAM_LIMITS.callbackData} bytes: ${data}`);
  }
  return data;
}

/** An inline button whose label and data are within Telegram's limits. */
export function callbackButton(
  label: string,
  ...data: readonly (string | number)[]
): InlineKeyboardButton.CallbackButton {
  return { text: buttonText(label), callback_data: callbackData(...data) };
}

const TEXT_LIMITS: Readonly<Record<string, number>> = {
  sendMessage: TELEGRAM_LIMITS.messageText,
  editMessageText: TELEGRAM_LIMITS.messageText,
  answerCallbackQuery: TELEGRAM_LIMITS.callbackAnswer,
};

/**
 * The last guard, on every Bot API call: a text over its limit is cut rather than refused by
 * Telegram (which would leave the user told nothing). The messages themselves are built to
 * fit (`translator`); this only catches what a future builder might miss.
 */
export const limitOutgoingText: Transformer = (prev, method, payload, signal) => {
  const limit = TEXT_LIMITS[method];
  const text = (payload as { text?: unknown } | undefined)?.text;
  if (limit !== undefined && typeof text === 'string' && text.length > limit) {
    return prev(method, { ...payload, text: clipText(text, limit) }, signal);
  }
  return prev(method, payload, signal);
};
