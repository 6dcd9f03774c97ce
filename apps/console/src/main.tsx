import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onUnauthorised, session } from './api.js';
import { ActivityPage } from './pages/activity.js';
import { AnalyticsPage } from './pages/analytics.js';
import { IncidentPage } from './pages/incident.js';
import { IncidentsPage } from './pages/incidents.js';
import { ReceiverPage, ReceiversPage } from './pages/receivers.js';
import { RoutesPage } from './pages/routes.js';
import { SignInPage } from './pages/sign-in.js';
import { SilencesPage } from './pages/silences.js';
import { navigate, onLinkClick, useLocation } from './router.js';

const NAV: ReadonlyArray<[string, string]> = [
  ['/incidents', 'Incidents'],
  ['/receivers', 'Receivers'],
  ['/silences', 'Silences'],
  ['/routes', 'Routes'],
  ['/analytics', 'Analytics'],
  ['/activity', 'Activity'],
];

function Page({ path }: { path: string }) {
  const [, section, id] = path.split('/').map(decodeURIComponent);
  switch (section) {
    case 'incidents':
      return id ? <IncidentPage id={id} /> : <IncidentsPage />;
    case 'receivers':
      return id ? <ReceiverPage id={id} /> : <ReceiversPage />;
    case 'silences':
      return <SilencesPage />;
    case 'routes':
      return <RoutesPage />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'activity':
      return <ActivityPage />;
    default:
      return <IncidentsPage />;
  }
}

function App() {
  const path = useLocation();
  // Behind an authenticating proxy there is no token: the first 401 asks for one.
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => onUnauthorised(() => setSignedOut(true)), []);
  if (signedOut || path === '/sign-in') {
    return (
      <SignInPage
        onSignedIn={() => {
          setSignedOut(false);
          if (path === '/sign-in') navigate('/incidents');
        }}
      />
    );
  }
  return (
    <div class="layout" onClick={onLinkClick}>
      <nav>
        <a class="brand" href="/incidents">
          Herald
        </a>
        {NAV.map(([href, text]) => (
          <a key={href} href={href} class={path.startsWith(href) ? 'active' : ''}>
            {text}
          </a>
        ))}
        <a href="/openapi.json" target="_blank" class="aside">
          API
        </a>
        {session.token() ? (
          <button
            type="button"
            class="link aside"
            onClick={() => {
              session.signOut();
              setSignedOut(true);
            }}
          >
            Sign out
          </button>
        ) : null}
      </nav>
      <main>
        <Page path={path} />
      </main>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
