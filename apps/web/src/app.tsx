import { ReactNode, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useParams, useSearchParams } from 'react-router';
import { ApiError } from './api/client';
import type { Role } from './api/types';
import { LanguageSwitch, useI18n } from './i18n/i18n';
import { currentNavItem, homeOf, navFor } from './nav';
import { useMallOfUser, useSession } from './session';
import { ErrorState } from './ui/kit';
import { Link } from './ui/route';
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
import { MonthlyReportPage } from './pages/admin/monthly-report.page';
import { OpinionCategoriesPage } from './pages/admin/opinion-categories.page';
import { MerchantsPage, StaffPage } from './pages/admin/merchants.page';
import { AccountsPage } from './pages/admin/accounts.page';
import { PolicyPage } from './pages/admin/policy.page';
import { WrongCodesPage } from './pages/admin/wrong-codes.page';
import { AuditLogPage } from './pages/admin/audit.page';
import { AccountPage } from './pages/shared/account.page';
import { TestClockBanner } from './ui/test-clock';
import { ActionsPage, NewActionPage } from './pages/shared/actions.page';
import { GroupTotalsPage } from './pages/group/group-totals.page';

type Params = Record<string, string>;
interface PageRoute {
  path: string;
  roles: Role[];
  render: (params: Params, query: Params) => ReactNode;
}

const ALL: Role[] = ['clerk', 'merchant', 'admin', 'manager'];
/** Who manages accounts: a mall's administration (its own mall's), and the group's (every mall's). */
const ACCOUNTS: Role[] = ['admin', 'group_admin'];
/** The administration's reads, which the general manager may read too. */
const ADMIN_READ: Role[] = ['admin', 'manager'];
const DESK: Role[] = ['clerk', 'admin'];

// react-router ranks them: a fixed path wins over its parameterised neighbour (/forms/file over /forms/:serial)
const ROUTES: PageRoute[] = [
  { path: '/purchases/new', roles: ['clerk', 'admin'], render: () => <RegisterPurchasePage /> },
  { path: '/purchases', roles: DESK, render: (_p, q) => <PurchasesPage q={q} /> },
  { path: '/purchases/:id', roles: DESK, render: (p) => <PurchaseDetailPage key={p.id} purchaseId={p.id} /> },
  { path: '/forms/file', roles: DESK, render: (_p, q) => <FileFormPage serial={q.serial} /> },
  { path: '/forms', roles: ALL, render: (_p, q) => <FormsPage q={q} /> },
  { path: '/forms/:serial', roles: ALL, render: (p) => <FormDetailPage key={p.serial} serial={p.serial.toUpperCase()} /> },
  { path: '/callbacks', roles: DESK, render: (_p, q) => <CallbacksPage q={q} /> },
  { path: '/findings', roles: DESK, render: () => <FindingsPage /> },
  { path: '/opinions/summary', roles: DESK, render: (_p, q) => <OpinionSummaryPage q={q} /> },
  { path: '/opinions', roles: DESK, render: (_p, q) => <OpinionsPage q={q} /> },
  { path: '/opinion-categories', roles: ['admin'], render: () => <OpinionCategoriesPage /> },
  { path: '/merchants', roles: DESK, render: () => <MerchantsPage /> },
  { path: '/merchants/:id/staff', roles: DESK, render: (p) => <StaffPage key={p.id} merchantId={p.id} /> },
  {
    path: '/merchants/:id/scorecard',
    roles: ['merchant', 'admin', 'manager'],
    render: (p, q) => <ScorecardPage key={p.id} merchantId={p.id} q={q} />,
  },
  { path: '/cases', roles: ['merchant', 'admin', 'manager'], render: (_p, q) => <CasesPage q={q} route="/cases" /> },
  { path: '/cases/:id', roles: ['merchant', 'admin', 'manager'], render: (p) => <CaseDetailPage key={p.id} caseId={p.id} /> },
  { path: '/review', roles: ['admin'], render: (_p, q) => <CasesPage q={q} route="/review" /> },
  { path: '/scores', roles: ADMIN_READ, render: (_p, q) => <ScoresPage q={q} /> },
  { path: '/reports/monthly', roles: ADMIN_READ, render: (_p, q) => <MonthlyReportPage q={q} /> },
  { path: '/accounts', roles: ACCOUNTS, render: () => <AccountsPage /> },
  { path: '/audit', roles: ACCOUNTS, render: () => <AuditLogPage /> },
  { path: '/account', roles: [...ALL, 'group_admin'], render: () => <AccountPage /> },
  { path: '/group/totals', roles: ['group_admin'], render: (_p, q) => <GroupTotalsPage q={q} /> },
  { path: '/policy', roles: ['admin'], render: () => <PolicyPage /> },
  { path: '/wrong-codes', roles: ['admin'], render: () => <WrongCodesPage /> },
  { path: '/actions', roles: ['admin', 'merchant', 'manager'], render: (_p, q) => <ActionsPage q={q} /> },
  { path: '/actions/new', roles: ['admin'], render: (_p, q) => <NewActionPage q={q} /> },
  { path: '/actions/escalated', roles: ADMIN_READ, render: (_p, q) => <ActionsPage q={q} queue /> },
];

/** A route's page with the path's params and the query, or a plain "not allowed" state for a role it is not for. */
function RoutePage({ route, role }: { route: PageRoute; role: Role }) {
  const params = useParams() as Params;
  const [search] = useSearchParams();
  const query = useMemo(() => Object.fromEntries(search), [search]);
  if (!route.roles.includes(role)) return <ErrorState error={forbidden} />;
  return route.render(params, query);
}

function NotFound() {
  const { t } = useI18n();
  return <ErrorState error={new ApiError({ status: 404, code: 'PAGE_NOT_FOUND', detail: t('state.noSuchPage') })} />;
}

export function App() {
  const { session, logout, syncClock } = useSession();
  const mall = useMallOfUser();
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  // a new page: the system's clock read again, the menu closed, the top of the page shown
  useEffect(() => {
    syncClock();
    setMenuOpen(false);
    window.scrollTo(0, 0);
  }, [pathname, syncClock]);

  if (!session) return <LoginPage />;

  const nav = navFor(session.role, session.merchantId);
  const home = homeOf(session.role, session.merchantId);
  const currentTo = currentNavItem(nav, pathname)?.to;
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
      {/* the hash holds the page, so the link moves the focus itself instead of going to #main */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skip')}
      </a>
      <TestClockBanner />
      <header className="topbar">
        <Link className="brand" to="/">
          <span className="brand__mark" aria-hidden="true">
            ✓
          </span>
          <span className="brand__name">{t('app.title')}</span>
        </Link>
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
              className={`nav__link ${item.to === currentTo ? 'nav__link--current' : ''}`}
              aria-current={item.to === currentTo ? 'page' : undefined}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
        <div className="topbar__user">
          <LanguageSwitch />
          <span className="user-chip" title={`${session.username} · ${t(`role.${session.role}`)} · ${t('app.mall')} ${mall}`}>
            {session.username}
            <span className="user-chip__role"> · {t(`role.${session.role}`)}</span>
            <span className="user-chip__mall" data-mall={mall}>
              {' · '}
              <span className="visually-hidden">{t('app.mall')} </span>
              {mall}
            </span>
          </span>
          <Link
            to="/account"
            className={`btn btn--ghost btn--small ${pathname === '/account' ? 'btn--current' : ''}`}
            aria-current={pathname === '/account' ? 'page' : undefined}
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
        <Routes>
          {/* signed in, the root and the sign-in page's address lead to the role's home */}
          <Route path="/" element={<Navigate to={home} replace />} />
          <Route path="/login" element={<Navigate to={home} replace />} />
          {ROUTES.map((r) => (
            <Route key={r.path} path={r.path} caseSensitive element={<RoutePage route={r} role={session.role} />} />
          ))}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </div>
  );
}

const forbidden = new ApiError({ status: 403, code: 'FORBIDDEN', detail: 'This page is not for your role.' });
