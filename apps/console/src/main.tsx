/** The staff console: sign-in, the navigation by role, and the pages behind the URL's hash. */
import { StrictMode, useEffect, useMemo, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, currentSession, hasRole, onSession, signIn, signOut } from './api';
import type { Account, Role, Session } from './api';
import { useRoute } from './common';
import { Dashboard } from './dashboard';
import { I18nContext, LANGS, makeI18n, useI18n } from './i18n';
import type { Key, Lang } from './i18n';
import { CasePage, Queue } from './moderation';
import { Appeals, Jobs, OrganizationRequest, VerificationQueue, VerificationRequest } from './reviews';
import './style.css';

const MODERATORS: Role[] = ['moderator', 'senior-moderator', 'admin'];
const SENIORS: Role[] = ['senior-moderator', 'admin'];
const VERIFIERS: Role[] = ['verifier', 'admin'];

interface Section {
  path: string;
  label: Key;
  roles: Role[];
}
const SECTIONS: Section[] = [
  { path: 'cases', label: 'navQueue', roles: MODERATORS },
  { path: 'appeals', label: 'navAppeals', roles: SENIORS },
  { path: 'verification', label: 'navVerification', roles: VERIFIERS },
  { path: 'jobs', label: 'navJobs', roles: MODERATORS },
  { path: 'dashboard', label: 'navDashboard', roles: MODERATORS },
];

function SignIn({ ended }: { ended: boolean }): ReactNode {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await signIn(email, password);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_STAFF') setProblem(t('notStaff'));
      else if (err instanceof ApiError && err.status === 401) setProblem(t('badCredentials'));
      else if (err instanceof ApiError && err.status === 403) setProblem(t('suspended'));
      else setProblem(t('error', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="signin">
      <h1>{t('signInTitle')}</h1>
      {ended && !problem ? <p role="status">{t('sessionEnded')}</p> : null}
      <form onSubmit={(e) => void submit(e)}>
        <div className="field wide">
          <label htmlFor="email">{t('email')}</label>
          <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field wide">
          <label htmlFor="password">{t('password')}</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {problem ? (
          <p role="alert" className="error" data-testid="signin-problem">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}

function Page({ account, route }: { account: Account; route: string[] }): ReactNode {
  const { t } = useI18n();
  const [section, id, orgId] = route;
  const allowed = (roles: Role[]): boolean => hasRole(account, ...roles);
  const refuse = <p role="alert">{t('noAccess')}</p>;
  switch (section) {
    case 'cases':
      if (!allowed(MODERATORS)) return refuse;
      return id ? <CasePage id={id} /> : <Queue />;
    case 'appeals':
      return allowed(SENIORS) ? <Appeals /> : refuse;
    case 'verification':
      if (!allowed(VERIFIERS)) return refuse;
      if (id === 'organization' && orgId) return <OrganizationRequest id={orgId} />;
      return id ? <VerificationRequest id={id} /> : <VerificationQueue />;
    case 'jobs':
      return allowed(MODERATORS) ? <Jobs /> : refuse;
    case 'dashboard':
      return allowed(MODERATORS) ? <Dashboard /> : refuse;
    default:
      return <p>{t('welcome')}</p>;
  }
}

function Shell({ session, route }: { session: Session; route: string[] }): ReactNode {
  const { t } = useI18n();
  const sections = SECTIONS.filter((s) => hasRole(session.account, ...s.roles));
  useEffect(() => {
    // A first visit lands on the first section this person may use.
    if (route.length === 0 && sections[0]) window.location.replace(`#/${sections[0].path}`);
  }, [route.length, sections]);
  return (
    <>
      <nav aria-label={t('nav')}>
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <a href={`#/${s.path}`} aria-current={route[0] === s.path ? 'page' : undefined}>
                {t(s.label)}
              </a>
            </li>
          ))}
        </ul>
        <span className="who">{t('signedInAs', { roles: session.account.roles.filter((r) => r !== 'member').join(', ') })}</span>
        <button type="button" onClick={() => void signOut()}>
          {t('signOut')}
        </button>
      </nav>
      <main id="main" tabIndex={-1}>
        <Page account={session.account} route={route} />
      </main>
    </>
  );
}

function App(): ReactNode {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('weop.console.lang') === 'ru' ? 'ru' : 'en'));
  const [session, setSession] = useState<Session | null>(currentSession);
  const [ended, setEnded] = useState(false);
  const route = useRoute();
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  useEffect(() => onSession((s) => {
    setEnded((was) => was || s === null);
    setSession(s);
  }), []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('appName');
    localStorage.setItem('weop.console.lang', lang);
  }, [lang, i18n]);
  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {i18n.t('skip')}
      </a>
      <header>
        <span className="brand">{i18n.t('appName')}</span>
        <label htmlFor="lang">{i18n.t('language')}</label>
        <select id="lang" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {l === 'en' ? 'English' : 'Русский'}
            </option>
          ))}
        </select>
      </header>
      {session ? <Shell session={session} route={route} /> : <SignIn ended={ended && session === null} />}
    </I18nContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
