import type { Command } from 'commander';
import type { DeliveryFilter } from '../../admin/delivery-filter.js';
import { collect, oneOrMany, parseWhen, resolveWhen, type When } from '../parse-values.js';

/** The filter options as commander hands them over. */
export interface FilterOptions {
  endpoint?: string[];
  eventType?: string;
  since?: When;
  until?: When;
}

/** `--endpoint`, `--event-type`, `--since`, `--until`: shared by listing and replay. */
export function addFilterOptions(command: Command): Command {
  return command
    .option('--endpoint <id>', 'only this endpoint (repeatable, or comma-separated)', collect)
    .option('--event-type <type>', 'only this event type')
    .option('--since <when>', 'messages created at or after: 24h (ago) or an ISO time', parseWhen)
    .option('--until <when>', 'messages created before: 1h (ago) or an ISO time', parseWhen);
}

/** The options as the admin surface's filter (which checks them). */
export function toDeliveryFilter(options: FilterOptions, now = Date.now()): DeliveryFilter {
  const endpointId = oneOrMany(options.endpoint);
  const since = resolveWhen(options.since, now);
  const until = resolveWhen(options.until, now);
  return {
    ...(endpointId !== undefined && { endpointId }),
    ...(options.eventType !== undefined && { eventType: options.eventType }),
    ...(since !== undefined && { since }),
    ...(until !== undefined && { until }),
  };
}
