import { render, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, whenUnauthorized } from './api';
import { locale, setLocale, t } from './i18n';
import { parseRoute, useLocation, type Route } from './router';
import { clearToken, getOperatorName, getToken, setOperatorName, setToken, takeTokenFromFragment } from './session';
import { ErrorNote, Link, Loading } from './ui';
import './styles.css';

/**
 * Each screen is its own chunk, loaded when first visited: an operator who only works the
 * inbox never downloads uPlot.
 */
const SCREENS: Record<Exclude<Route['name'], 'notFound'>, () => Promise<{ default: FunctionComponent<{ route: Route }> }>> = {
  inbox: () => import('./routes/inbox/Inbox'),
  ticket: () => import('./routes/ticket/TicketDetail'),
  dashboard: () => import('./routes/dashboard/Dashboard'),
  settings: () => import('./routes/settings/Settings'),
  new: () => import('./routes/new/NewTicket'),
};

function Screen({ route }: { route: Route }) {
  const [loaded, setLoaded] = useState<{ name: string; Component: FunctionComponent<{ route: Route }> } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (route.name === 'notFound') return;
    let live = true;
    SCREENS[route.name]().then(
      (module) => live && setLoaded({ name: route.name, Component: module.default }),
      (failure: unknown) => live && setError(failure),
    );
    return () => void (live = false);
  }, [route.name]);
  if (route.name === 'notFound') return <p>404</p>;
  if (error) return <ErrorNote error={error} />;
  if (!loaded || loaded.name !== route.name) return <Loading />;
  return <loaded.Component route={route} />;
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.session(token.trim());
      if (session) {
        setToken(token.trim());
        setOperatorName(session.operator.name);
        onSignedIn();
      } else setError(t('signIn.invalid'));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="signin">
      <form onSubmit={submit} class="card">
        <h1>{t('signIn.title')}</h1>
        <label for="token">{t('signIn.token')}</label>
        <input id="token" name="token" type="password" autoComplete="off" required value={token} onInput={(event) => setValue(event.currentTarget.value)} />
        <p class="muted small">{t('signIn.hint')}</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

const NAV: { name: Route['name']; to: string; label: () => string }[] = [
  { name: 'inbox', to: '', label: () => t('nav.inbox') },
  { name: 'dashboard', to: 'dashboard', label: () => t('nav.dashboard') },
  { name: 'settings', to: 'settings', label: () => t('nav.settings') },
  { name: 'new', to: 'new', label: () => t('nav.new') },
];

function App() {
  const [signedIn, setSignedIn] = useState(() => getToken() !== null);
  const [, setLanguage] = useState(locale());
  const { pathname } = useLocation();
  const [operator, setOperator] = useState(getOperatorName());
  useEffect(() => whenUnauthorized(() => setSignedIn(false)), []);
  // A sign-in link brings a token without a name: ask who it is.
  useEffect(() => {
    if (signedIn && !getOperatorName())
      api.session().then((session) => {
        if (session) setOperatorName(session.operator.name);
        setOperator(getOperatorName());
      }, () => undefined);
    else setOperator(getOperatorName());
  }, [signedIn]);
  useEffect(() => {
    document.title = t('app.title');
  });
  const route = parseRoute(pathname);
  const current = route.name === 'ticket' ? 'inbox' : route.name;
  const switchLanguage = () => {
    setLocale(locale() === 'zh-CN' ? 'en-US' : 'zh-CN');
    setLanguage(locale());
  };
  return (
    <>
      <a href="#main" class="skip">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <span class="brand">{t('app.title')}</span>
        {signedIn && (
          <nav aria-label={t('app.title')}>
            {NAV.map((item) => (
              <Link key={item.name} to={item.to} class={current === item.name ? 'active' : ''} aria-current={current === item.name ? 'page' : undefined}>
                {item.label()}
              </Link>
            ))}
          </nav>
        )}
        <span class="spacer" />
        <button type="button" class="ghost" lang={locale() === 'zh-CN' ? 'en-US' : 'zh-CN'} onClick={switchLanguage}>
          {t('nav.language')}
        </button>
        {signedIn && operator && <span class="who">{operator}</span>}
        {signedIn && (
          <button
            type="button"
            class="ghost"
            onClick={() => {
              clearToken();
              setSignedIn(false);
            }}
          >
            {t('nav.signOut')}
          </button>
        )}
      </header>
      {signedIn ? (
        <main id="main" key={locale()}>
          <Screen route={route} />
        </main>
      ) : (
        <SignIn onSignedIn={() => setSignedIn(true)} />
      )}
    </>
  );
}

takeTokenFromFragment();
document.documentElement.lang = locale();
render(<App />, document.getElementById('app')!);
