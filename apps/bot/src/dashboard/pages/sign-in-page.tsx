import { Layout } from '../components/layout.js';
import { BASE } from '../dashboard-env.js';

/** The API key form; `notice` says why the user is here (expired session, wrong key). */
export function SignInPage(props: { notice?: string; info?: string | undefined }) {
  return (
    <Layout title="Sign in">
      <div class="signin card">
        <h1>Sign in to the delivery dashboard</h1>
        {props.notice && (
          <div class="notice bad" role="alert" data-testid="error">
            {props.notice}
          </div>
        )}
        {props.info && (
          <div class="notice ok" role="status">
            {props.info}
          </div>
        )}
        <form method="post" action={`${BASE}/sign-in`}>
          <label>
            API key
            <input
              type="password"
              name="key"
              required
              autocomplete="off"
              spellcheck={false}
              placeholder="drk_…"
            />
          </label>
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">
          A key sees its own tasks and deliveries; an operator key (
          <code>keys create --operator</code>) sees every tenant.
        </p>
      </div>
    </Layout>
  );
}
