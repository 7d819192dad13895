import { matchPath } from 'react-router';
import type { Role } from './api/types';
import type { MessageKey } from './i18n/messages';

/** An item of the top bar's menu. */
export interface NavItem {
  to: string;
  label: MessageKey;
  /** Other paths (prefixes, or patterns with :params) under which this item is the current one. */
  also?: string[];
}

/** The menu of a role, its home first. */
export function navFor(role: Role, merchantId?: string): NavItem[] {
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
        { to: '/actions', label: 'nav.actionsOwn' },
      ];
    case 'admin':
      return [
        { to: '/scores', label: 'nav.scores', also: ['/merchants/:id/scorecard'] },
        { to: '/review', label: 'nav.review', also: ['/cases'] },
        { to: '/actions', label: 'nav.actions' },
        { to: '/reports/monthly', label: 'nav.monthlyReport' },
        { to: '/opinions/summary', label: 'nav.opinionSummary' },
        { to: '/opinion-categories', label: 'nav.opinionCategories' },
        { to: '/forms', label: 'nav.forms' },
        { to: '/wrong-codes', label: 'nav.wrongCodes', also: ['/forms/file'] },
        { to: '/merchants', label: 'nav.merchants' },
        { to: '/accounts', label: 'nav.accounts', also: ['/audit'] },
        { to: '/policy', label: 'nav.policy' },
        { to: '/purchases/new', label: 'nav.lateRegistration' },
      ];
    case 'manager':
      // the general manager: its queue first, then what the administration reads
      return [
        { to: '/actions/escalated', label: 'nav.managerQueue' },
        { to: '/actions', label: 'nav.actions' },
        { to: '/scores', label: 'nav.scores', also: ['/merchants/:id/scorecard'] },
        { to: '/cases', label: 'nav.review' },
        { to: '/reports/monthly', label: 'nav.monthlyReport' },
      ];
    case 'group_admin':
      // the mall group's administration: every mall's totals, and the accounts of every mall
      return [
        { to: '/group/totals', label: 'nav.groupTotals' },
        { to: '/accounts', label: 'nav.accounts', also: ['/audit'] },
      ];
  }
}

/** Where a role lands after signing in: the first item of its menu. */
export function homeOf(role: Role, merchantId?: string): string {
  return navFor(role, merchantId)[0].to;
}

/**
 * The item of the menu that is current on a page: the one with the longest path (its own or one of `also`)
 * that the page's path is or is under, segment by segment (a pattern with :params must match it whole);
 * undefined when there is none.
 */
export function currentNavItem(items: NavItem[], pathname: string): NavItem | undefined {
  return items
    .flatMap((item) =>
      [item.to, ...(item.also ?? [])]
        .filter((path) => matchPath({ path, end: path.includes(':'), caseSensitive: true }, pathname) !== null)
        .map((path) => ({ item, length: path.length })),
    )
    .sort((a, b) => b.length - a.length)[0]?.item;
}
