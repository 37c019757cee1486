import { Layout } from '../components/layout.js';
import { BASE } from '../dashboard-env.js';
import type { DashboardSession } from '../session/session.repository.js';

/** What went wrong, in words, with a way on; never a stack trace. */
export function ErrorPage(props: {
  status: number;
  title: string;
  message: string;
  field?: string | undefined;
  session?: DashboardSession | undefined;
}) {
  return (
    <Layout title={props.title} session={props.session}>
      <h1>{props.title}</h1>
      <div class="notice bad" role="alert" data-testid="error">
        <p>
          {props.message}
          {props.field && (
            <>
              {' '}
              (field <code>{props.field}</code>)
            </>
          )}
        </p>
        <p class="muted">HTTP {props.status}</p>
      </div>
      <p class="actions">
        <a href={BASE}>Back to the overview</a>
      </p>
    </Layout>
  );
}
