import type { DashboardSession } from '../session/session.repository.js';

/** The hidden synchronizer token every state-changing form carries. */
export const CSRF_FIELD = '_csrf';

export function CsrfField(props: { session: DashboardSession }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.session.csrfToken} />;
}
