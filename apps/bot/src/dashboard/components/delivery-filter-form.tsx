import type { FilterInput } from '../../api/routes/filter-input.js';
import { formTime } from '../dashboard-filters.js';

const STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

/**
 * The filter fields shared by the delivery log and the replay: status, task (or endpoint),
 * event type and a time range in UTC.
 */
export function DeliveryFilterFields(props: {
  filters: Pick<FilterInput, 'status' | 'endpoint' | 'event_type' | 'since' | 'until'>;
  /** Replay restarts finished deliveries only, `failed` unless told otherwise. */
  replay?: boolean;
}) {
  const { filters } = props;
  const chosen = filters.status?.[0];
  const statuses = props.replay ? STATUSES.filter((s) => s !== 'pending') : STATUSES;
  return (
    <>
      <label>
        Status
        <select name="status">
          {!props.replay && <option value="">any</option>}
          {statuses.map((s) => (
            <option value={s} selected={s === (chosen ?? (props.replay ? 'failed' : undefined))}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Task or endpoint
        <input name="endpoint" value={filters.endpoint ?? ''} placeholder="12 or task_12" />
      </label>
      <label>
        Event type
        <input name="event_type" value={filters.event_type ?? ''} placeholder="task.completed" />
      </label>
      <label>
        Since (UTC)
        <input type="datetime-local" name="since" value={formTime(filters.since)} />
      </label>
      <label>
        Until (UTC)
        <input type="datetime-local" name="until" value={formTime(filters.until)} />
      </label>
    </>
  );
}
