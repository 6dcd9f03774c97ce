import { useState } from 'preact/hooks';
import { ApiError, get, session } from '../api.js';
import { Problem, Section } from '../components/ui.js';
import { identity } from '../identity.js';
import { IncidentPage } from '../schemas.js';

/** Token sign-in: the token is checked against the API before it is kept (in this browser only). */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [name, setName] = useState(identity.name() === 'console user' ? '' : identity.name());
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: Event) => {
    event.preventDefault();
    session.signIn(token.trim());
    try {
      await get(IncidentPage, '/v1/incidents?limit=1');
      if (name.trim()) identity.set(name.trim());
      onSignedIn();
    } catch (e) {
      session.signOut();
      setError(e instanceof ApiError && e.status === 401 ? 'That token was refused.' : e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div class="sign-in">
      <Section title="Sign in to Herald">
        <form class="stacked" onSubmit={(e) => void submit(e)}>
          <label>
            Token
            <input name="token" type="password" autocomplete="current-password" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
          </label>
          <label>
            Your name (recorded on what you do, unless your token names you)
            <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <Problem message={error} />
          <button type="submit" disabled={token.trim() === ''}>
            Sign in
          </button>
        </form>
      </Section>
    </div>
  );
}
