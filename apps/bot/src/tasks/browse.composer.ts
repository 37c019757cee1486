import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import { callbackButton, clipText, TELEGRAM_LIMITS } from '../bot/message-limits.js';
import type { Db } from '../database/database.js';
import { claimTask } from '../submissions/claim.repository.js';
import { setAwaitingLink } from '../users/user.repository.js';
import { type CategoryKey, categoryFilter, categoryKey, findCategory } from './category-key.js';
import {
  findClaimableTask,
  isTaskFull,
  listClaimableCategories,
  listClaimableTasks,
  type Task,
} from './task.repository.js';
import { copyText, formatDate } from './task-text.js';

export const TASKS_PER_PAGE = 6;

/** Browsing active tasks by category, 6 a page, and claiming one. */
export function browseComposer(deps: { db: Db; now: () => Date }): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const answer = (ctx: BotContext, key: Parameters<BotContext['t']>[0]) =>
    ctx.answerCallbackQuery({ text: ctx.t(key, {}, TELEGRAM_LIMITS.callbackAnswer) });

  /** The category choice; straight to the list when no task has a category. */
  async function categories(ctx: BotContext, edit: boolean): Promise<unknown> {
    const counts = await listClaimableCategories(deps.db, deps.now());
    if (counts.length === 0) return ctx.reply(ctx.t('tasks_empty'));
    if (counts.every((c) => c.category === null)) return page(ctx, '*', 1, edit);
    const total = counts.reduce((n, c) => n + c.count, 0);
    const keyboard = new InlineKeyboard();
    for (const { category, count } of counts) {
      const name = category ?? ctx.t('category_other');
      keyboard
        .add(callbackButton(`${clipText(name, 48)} (${count})`, 'cat', categoryKey(category)))
        .row();
    }
    keyboard.add(callbackButton(`${ctx.t('category_all')} (${total})`, 'cat', '*'));
    const text = ctx.t('categories_title');
    return edit
      ? ctx.editMessageText(text, { reply_markup: keyboard })
      : ctx.reply(text, { reply_markup: keyboard });
  }

  async function page(
    ctx: BotContext,
    key: CategoryKey,
    requested: number,
    edit: boolean,
  ): Promise<unknown> {
    const counts = await listClaimableCategories(deps.db, deps.now());
    const category = key === '*' ? undefined : findCategory(counts, key);
    // A category emptied since its button was shown: back to the choice.
    if (key !== '*' && category === undefined) return categories(ctx, edit);
    const { tasks, total } = await listClaimableTasks(deps.db, {
      now: deps.now(),
      limit: TASKS_PER_PAGE,
      offset: (requested - 1) * TASKS_PER_PAGE,
      filter: categoryFilter(category),
    });
    if (total === 0) return ctx.reply(ctx.t('tasks_empty'));
    const pages = Math.ceil(total / TASKS_PER_PAGE);
    const current = Math.min(requested, pages);
    if (tasks.length === 0) return page(ctx, key, pages, edit);

    const keyboard = new InlineKeyboard();
    for (const task of tasks) {
      keyboard
        .add(
          callbackButton(
            `${clipText(task.title, 48)} · ${task.node_power_reward}`,
            'task',
            task.id,
          ),
        )
        .row();
    }
    // All tasks keep the `tasks:<page>` data older messages' buttons carry.
    const pageData = (n: number) => (key === '*' ? ['tasks', n] : ['tasks', key, n]);
    if (current > 1) keyboard.add(callbackButton(ctx.t('page_prev'), ...pageData(current - 1)));
    if (current < pages) keyboard.add(callbackButton(ctx.t('page_next'), ...pageData(current + 1)));
    if (counts.some((c) => c.category !== null)) {
      keyboard.row().add(callbackButton(ctx.t('page_categories'), 'cats'));
    }
    const text =
      category === undefined
        ? ctx.t('tasks_title', { page: current, pages })
        : ctx.t('category_tasks_title', {
            category: category ?? ctx.t('category_other'),
            page: current,
            pages,
          });
    return edit
      ? ctx.editMessageText(text, { reply_markup: keyboard })
      : ctx.reply(text, { reply_markup: keyboard });
  }

  composer.command('tasks', (ctx) => categories(ctx, false));
  composer.callbackQuery('menu:tasks', async (ctx) => {
    await ctx.answerCallbackQuery();
    await categories(ctx, false);
  });
  composer.callbackQuery('cats', async (ctx) => {
    await ctx.answerCallbackQuery();
    await categories(ctx, true);
  });
  composer.callbackQuery(/^cat:([\w*-]{1,16})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await page(ctx, ctx.match[1]!, 1, true);
  });
  composer.callbackQuery(/^tasks:(?:([\w*-]{1,16}):)?(\d{1,6})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await page(ctx, ctx.match[1] ?? '*', Math.max(1, Number(ctx.match[2])), true);
  });

  composer.callbackQuery(/^task:(\d{1,10})$/, async (ctx) => {
    const task = await findClaimableTask(deps.db, Number(ctx.match[1]), deps.now());
    if (!task) return answer(ctx, 'task_unavailable');
    await ctx.answerCallbackQuery();
    await ctx.reply(details(ctx, task), {
      reply_markup: new InlineKeyboard().add(
        callbackButton(ctx.t('claim_button'), 'claim', task.id),
      ),
    });
  });

  composer.callbackQuery(/^claim:(\d{1,10})$/, async (ctx) => {
    const task = await findClaimableTask(deps.db, Number(ctx.match[1]), deps.now());
    if (!task) return answer(ctx, 'task_unavailable');
    if (await isTaskFull(deps.db, task.id)) return answer(ctx, 'task_full');
    const { claim, created } = await claimTask(deps.db, {
      taskId: task.id,
      userId: ctx.user.id,
      now: deps.now(),
    });
    if (claim.status === 'verified') return answer(ctx, 'already_completed');
    await (created ? ctx.answerCallbackQuery() : answer(ctx, 'already_claimed'));
    await setAwaitingLink(deps.db, ctx.user.id, claim.id);
    await ctx.reply(
      ctx.t('claimed', {
        title: task.title,
        video: task.video_url ?? ctx.t('no_video'),
        copy: copyText(task),
      }),
      {
        reply_markup: new InlineKeyboard().add(
          callbackButton(ctx.t('submit_button'), 'submit', claim.id),
        ),
        link_preview_options: { is_disabled: true },
      },
    );
  });

  return composer;
}

function details(ctx: BotContext, task: Task): string {
  return ctx.t('task_details', {
    title: task.title,
    description: clipText(task.description ?? '', 1500),
    reward: task.node_power_reward,
    expires: formatDate(task.expires_at),
  });
}
