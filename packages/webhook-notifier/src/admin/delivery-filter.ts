/**
 * Which deliveries a listing, a replay or the statistics look at. Every field narrows.
 * `since`/`until` bound the creation time of the message, `since` inclusive, `until`
 * exclusive; a delivery is created with its message, so it is also the delivery's.
 */
export interface DeliveryFilter {
  /** One endpoint, or any of several (at most 1000), e.g. those one tenant owns. */
  endpointId?: string | readonly string[];
  eventType?: string;
  since?: Date;
  until?: Date;
}
