import type { Browser } from 'playwright-core';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem, GROUP_ADMIN_PASSWORD } from '../support/system';
import { buildWebUiIfStale, launchChromium, screenshot, signIn, t, UserPage } from './browser';

/**
 * The mall group's administration in a real browser: the bootstrap account `group` signs in,
 * lands on the group totals with the default mall's row and sees its mall beside its name; on a
 * phone the rows are cards within the screen. It makes an account in another mall from the
 * accounts page, whose administrator then sees that mall in the header and no mall field.
 */
describe('the group totals in the browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  const open: UserPage[] = [];
  let thisMonth: string;

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    // a merchant of the default mall, so the scoring knows the mall
    expect(
      (await sys.admin.post('/merchants', { name: uniqueName('集團木門').slice(0, 30), stall: 'G-101', category: '門窗' })).status,
    ).toBe(201);
    const login = await sys.anonymous().post('/auth/login', { username: 'group', password: GROUP_ADMIN_PASSWORD });
    expect(login.status).toBe(200);
    const group = sys.anonymous().as(login.body.accessToken);
    const totals = await probe(
      () => group.get('/group/totals'),
      (r) => r.body?.malls?.some((m: { mallId: string; merchants: number }) => m.mallId === 'main' && m.merchants >= 1),
      { what: 'the default mall in the group totals', timeoutMs: 120000 },
    );
    thisMonth = totals.body.period;
  }, 240000);

  afterAll(async () => {
    for (const u of open) expect(u.errors).toEqual([]);
    await browser?.close();
    await sys?.stop();
  });

  const asGroup = async (viewport?: { width: number; height: number }) => {
    const user = await signIn(browser, sys.url, 'group', GROUP_ADMIN_PASSWORD, viewport);
    open.push(user);
    return user.page;
  };

  it('theGroupAdministration_landsOnTheTotals_withTheDefaultMallsRow', async () => {
    const page = await asGroup();
    await page.getByRole('heading', { name: t('groupTotals.title') }).waitFor();
    await page.locator('.user-chip [data-mall="main"]').waitFor();
    // the month the server counts as this one, in the picker
    expect(await page.getByLabel(t('common.period')).inputValue()).toBe(thisMonth);
    const row = page.locator('tr[data-mall="main"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('main');
    expect(Number(cells[1])).toBeGreaterThanOrEqual(1);
    // its menu: the totals and the accounts, none of a mall's pages
    const menu = await page.locator('#main-nav a').allTextContents();
    expect(menu).toEqual([t('nav.groupTotals'), t('nav.accounts')]);
    await screenshot(page, 'group-totals');
  });

  it('onAPhone_theMallsAreCardsWithinTheScreen', async () => {
    const page = await asGroup({ width: 390, height: 844 });
    await page.locator('tr[data-mall="main"]').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await page.locator('tr[data-mall="main"] td[data-first="1"]').textContent()).toBe('main');
    await screenshot(page, 'group-totals-phone');
  });

  it('makesAnAccountInAnotherMall_whoseAdministratorSeesItsMall_andNoMallField', async () => {
    const page = await asGroup();
    await page
      .locator('#main-nav')
      .getByRole('link', { name: t('nav.accounts') })
      .click();
    const form = page.getByRole('form', { name: t('accounts.new') });
    const username = uniqueName('east-admin');
    const password = `${username}-password`;
    await form.getByLabel(t('accounts.username')).fill(username);
    await form.getByLabel(t('accounts.password')).fill(password);
    await form.getByLabel(t('accounts.role')).selectOption('admin');
    await form.getByLabel(t('accounts.mall')).fill('east');
    await form.getByRole('button', { name: t('accounts.create') }).click();
    const row = page.locator(`tr[data-username="${username}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-mall')).toBe('east');
    expect(await row.locator('td').nth(1).textContent()).toBe('east');

    const east = await signIn(browser, sys.url, username, password);
    open.push(east);
    await east.page.locator('.user-chip [data-mall="east"]').waitFor();
    await east.page.goto(`${sys.url}/#/accounts`);
    await east.page.getByRole('form', { name: t('accounts.new') }).waitFor();
    expect(await east.page.getByLabel(t('accounts.mall')).count()).toBe(0);
  });
});
