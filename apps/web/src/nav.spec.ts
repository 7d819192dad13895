import { currentNavItem, homeOf, navFor } from './nav';

describe('the menu', () => {
  const current = (role: 'clerk' | 'merchant' | 'admin' | 'manager' | 'group_admin', pathname: string) =>
    currentNavItem(navFor(role, 'M1'), pathname)?.to;

  it('eachRole_landsOnTheFirstItemOfItsMenu', () => {
    expect(homeOf('clerk')).toBe('/purchases/new');
    expect(homeOf('merchant', 'M1')).toBe('/merchants/M1/scorecard');
    expect(homeOf('admin')).toBe('/scores');
  });

  it('theCurrentItem_isTheOneWithTheLongestPathThePageIsUnder', () => {
    expect(current('clerk', '/forms/file')).toBe('/forms/file');
    expect(current('clerk', '/forms/FD00000001')).toBe('/forms');
    expect(current('clerk', '/purchases/P1')).toBe('/purchases');
    expect(current('clerk', '/purchases/new')).toBe('/purchases/new');
    expect(current('admin', '/opinions/summary')).toBe('/opinions/summary');
  });

  it('theCurrentItem_countsItsOtherPaths_patternsWhole', () => {
    expect(current('admin', '/merchants/M2/scorecard')).toBe('/scores');
    expect(current('admin', '/merchants/M2/staff')).toBe('/merchants');
    expect(current('admin', '/cases/C1')).toBe('/review');
    expect(current('admin', '/forms/file')).toBe('/wrong-codes');
    expect(current('admin', '/audit')).toBe('/accounts');
    expect(current('merchant', '/merchants/M1/scorecard')).toBe('/merchants/M1/scorecard');
  });

  it('noItem_isCurrentOnAPageUnderNone_bySegmentAndCase', () => {
    expect(current('clerk', '/formsx')).toBeUndefined();
    expect(current('clerk', '/Forms')).toBeUndefined();
    expect(current('clerk', '/account')).toBeUndefined();
    expect(current('merchant', '/merchants/M1/staff')).toBeUndefined();
  });

  it('theGeneralManager_landsOnItsQueue_andItsQueueIsCurrentThere_notTheActionsList', () => {
    expect(homeOf('manager')).toBe('/actions/escalated');
    expect(current('manager', '/actions/escalated')).toBe('/actions/escalated');
    expect(current('manager', '/actions')).toBe('/actions');
    expect(current('admin', '/actions/new')).toBe('/actions');
    expect(current('merchant', '/actions')).toBe('/actions');
  });

  it('theGroupAdministration_landsOnTheGroupTotals_andManagesAccounts_butNoMallsRecords', () => {
    expect(homeOf('group_admin')).toBe('/group/totals');
    expect(navFor('group_admin').map((i) => i.to)).toEqual(['/group/totals', '/accounts']);
    expect(current('group_admin', '/audit')).toBe('/accounts');
    expect(current('group_admin', '/scores')).toBeUndefined();
  });
});
