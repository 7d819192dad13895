import { ReactNode, useEffect, useState } from 'react';
import { ApiError } from './api/client';
import type { Role } from './api/types';
import { LanguageSwitch, useI18n } from './i18n/i18n';
import type { MessageKey } from './i18n/messages';
import { matchPath } from './router';
import { useSession } from './session';
import { ErrorState } from './ui/kit';
import { Link, navigate, useLocation } from './ui/route';
import { LoginPage } from './pages/login.page';
import { RegisterPurchasePage } from './pages/clerk/register-purchase.page';
import { PurchaseDetailPage, PurchasesPage } from './pages/clerk/purchases.page';
import { FileFormPage } from './pages/clerk/file-form.page';
import { CallbacksPage } from './pages/clerk/callbacks.page';
import { FindingsPage } from './pages/clerk/findings.page';
import { OpinionsPage } from './pages/clerk/opinions.page';
import { FormsPage } from './pages/shared/forms.page';
import { FormDetailPage } from './pages/shared/form-detail.page';
import { ScorecardPage } from './pages/shared/scorecard.page';
import { CaseDetailPage, CasesPage } from './pages/shared/cases.page';
import { ScoresPage } from './pages/admin/scores.page';
import { OpinionSummaryPage } from './pages/admin/opinion-summary.page';
import { MerchantsPage, StaffPage } from './pages/admin/merchants.page';
import { AccountsPage } from './pages/admin/accounts.page';
import { PolicyPage } from './pages/admin/policy.page';
import { WrongCodesPage } from './pages/admin/wrong-codes.page';
import { AuditLogPage } from './pages/admin/audit.page';
import { AccountPage } from './pages/shared/account.page';
import { TestClockBanner } from './ui/test-clock';

type Params = Record<string, string>;
interface Route {
  path: string;
  roles: Role[];
  render: (params: Params, query: Params) => ReactNode;
}

const ALL: Role[] = ['clerk', 'merchant', 'admin'];
const DESK: Role[] = ['clerk', 'admin'];

// first match wins: fixed paths before their parameterised neighbours
const ROUTES: Route[] = [
  { path: '/purchases/new', roles: ['clerk'], render: () => <RegisterPurchasePage /> },
  { path: '/purchases', roles: DESK, render: () => <PurchasesPage /> },
  { path: '/purchases/:id', roles: DESK, render: (p) => <PurchaseDetailPage key={p.id} purchaseId={p.id} /> },
  { path: '/forms/file', roles: DESK, render: (_p, q) => <FileFormPage serial={q.serial} /> },
  { path: '/forms', roles: ALL, render: (_p, q) => <FormsPage q={q} /> },
  { path: '/forms/:serial', roles: ALL, render: (p) => <FormDetailPage key={p.serial} serial={p.serial.toUpperCase()} /> },
  { path: '/callbacks', roles: DESK, render: (_p, q) => <CallbacksPage q={q} /> },
  { path: '/findings', roles: DESK, render: () => <FindingsPage /> },
  { path: '/opinions/summary', roles: DESK, render: (_p, q) => <OpinionSummaryPage q={q} /> },
  { path: '/opinions', roles: DESK, render: (_p, q) => <OpinionsPage q={q} /> },
  { path: '/merchants', roles: DESK, render: () => <MerchantsPage /> },
  { path: '/merchants/:id/staff', roles: DESK, render: (p) => <StaffPage key={p.id} merchantId={p.id} /> },
  {
    path: '/merchants/:id/scorecard',
    roles: ['merchant', 'admin'],
    render: (p, q) => <ScorecardPage key={p.id} merchantId={p.id} q={q} />,
  },
  { path: '/cases', roles: ['merchant', 'admin'], render: (_p, q) => <CasesPage q={q} route="/cases" /> },
  { path: '/cases/:id', roles: ['merchant', 'admin'], render: (p) => <CaseDetailPage key={p.id} caseId={p.id} /> },
  { path: '/review', roles: ['admin'], render: (_p, q) => <CasesPage q={q} route="/review" /> },
  { path: '/scores', roles: ['admin'], render: (_p, q) => <ScoresPage q={q} /> },
  { path: '/accounts', roles: ['admin'], render: () => <AccountsPage /> },
  { path: '/audit', roles: ['admin'], render: () => <AuditLogPage /> },
  { path: '/account', roles: ALL, render: () => <AccountPage /> },
  { path: '/policy', roles: ['admin'], render: () => <PolicyPage /> },
  { path: '/wrong-codes', roles: ['admin'], render: () => <WrongCodesPage /> },
];

interface NavItem {
  to: string;
  label: MessageKey;
  /** Other paths (prefixes, or patterns with :params) under which this item is the current one. */
  also?: string[];
}

function navFor(role: Role, merchantId?: string): NavItem[] {
  switch (role) {
    case 'clerk':
      return [
        { to: '/purchases/new', label: 'nav.registerPurchase' },
        { to: '/forms/file', label: 'nav.fileForm' },
        { to: '/callbacks', label: 'nav.callbacks' },
        { to: '/forms', label: 'nav.forms' },
        { to: '/purchases', label: 'nav.purchases' },
        { to: '/findings', label: 'nav.findings' },
        { to: '/opinions', label: 'nav.opinions' },
        { to: '/merchants', label: 'nav.staff' },
      ];
    case 'merchant':
      return [
        { to: `/merchants/${merchantId}/scorecard`, label: 'nav.scorecard' },
        { to: '/forms', label: 'nav.formsOwn' },
        { to: '/cases', label: 'nav.cases' },
      ];
    case 'admin':
      return [
        { to: '/scores', label: 'nav.scores', also: ['/merchants/:id/scorecard'] },
        { to: '/review', label: 'nav.review', also: ['/cases'] },
        { to: '/opinions/summary', label: 'nav.opinionSummary' },
        { to: '/forms', label: 'nav.forms' },
        { to: '/wrong-codes', label: 'nav.wrongCodes', also: ['/forms/file'] },
        { to: '/merchants', label: 'nav.merchants' },
        { to: '/accounts', label: 'nav.accounts', also: ['/audit'] },
        { to: '/policy', label: 'nav.policy' },
      ];
  }
}

function homeOf(role: Role, merchantId?: string): string {
  return navFor(role, merchantId)[0].to;
}

export function App() {
  const { session, logout, syncClock } = useSession();
  const { t } = useI18n();
  const loc = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  useEffect(() => {
    syncClock();
    setMenuOpen(false);
    window.scrollTo(0, 0);
  }, [loc.path, syncClock]);

  useEffect(() => {
    if (session && (loc.path === '/' || loc.path === '/login')) navigate(homeOf(session.role, session.merchantId), {}, true);
  }, [session, loc.path]);

  if (!session) return <LoginPage />;

  const nav = navFor(session.role, session.merchantId);
  const found = ROUTES.map((r) => ({ r, params: matchPath(r.path, loc.path) })).find((x) => x.params !== null);
  let page: ReactNode;
  if (!found) page = <ErrorState error={new ApiError({ status: 404, code: 'PAGE_NOT_FOUND', detail: t('state.noSuchPage') })} />;
  else if (!found.r.roles.includes(session.role)) page = <ErrorState error={forbidden} />;
  else page = found.r.render(found.params!, loc.query);

  // the nav item whose path is the longest prefix of this page's is the current one
  const under = (path: string) =>
    path.includes(':') ? matchPath(path, loc.path) !== null : loc.path === path || loc.path.startsWith(`${path}/`);
  const currentTo = nav
    .flatMap((item) => [item.to, ...(item.also ?? [])].filter(under).map((p) => ({ to: item.to, length: p.length })))
    .sort((a, b) => b.length - a.length)[0]?.to;
  const current = (item: NavItem) => item.to === currentTo;
  const signOut = async () => {
    setSigningOut(true);
    try {
      await logout();
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <TestClockBanner />
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand__mark" aria-hidden="true">
            ✓
          </span>
          <span className="brand__name">{t('app.title')}</span>
        </a>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          ☰ <span className="visually-hidden">{t('app.menu')}</span>
        </button>
        <nav id="main-nav" className={`nav ${menuOpen ? 'nav--open' : ''}`} aria-label={t('app.menu')}>
          {nav.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className={`nav__link ${current(item) ? 'nav__link--current' : ''}`}
              aria-current={current(item) ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
        <div className="topbar__user">
          <LanguageSwitch />
          <span className="user-chip" title={`${session.username} · ${t(`role.${session.role}`)}`}>
            {session.username}
            <span className="user-chip__role"> · {t(`role.${session.role}`)}</span>
          </span>
          <Link
            to="/account"
            className={`btn btn--ghost btn--small ${loc.path === '/account' ? 'btn--current' : ''}`}
            aria-current={loc.path === '/account' ? 'page' : undefined}
          >
            {t('app.myAccount')}
          </Link>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={signOut}
            disabled={signingOut}
            aria-busy={signingOut || undefined}
          >
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {page}
      </main>
    </div>
  );
}

const forbidden = new ApiError({ status: 403, code: 'FORBIDDEN', detail: 'This page is not for your role.' });
