import { createNotifier as create, type Notifier, type NotifierOptions } from '../../src/index.js';
import type { FakeTransport } from './fake-transport.js';

type AsyncFn = (...args: unknown[]) => Promise<void>;

/** Compiles a README code block (imports removed) into a function of the names it uses. */
export const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => AsyncFn;

/** `createNotifier` as a README example calls it, with the network swapped for `transport`. */
export function notifiersOver(transport: FakeTransport) {
  const notifiers: Notifier[] = [];
  const createNotifier = (options: NotifierOptions) => {
    const notifier = create({ ...options, transport });
    notifiers.push(notifier);
    return notifier;
  };
  return { createNotifier, notifiers };
}
