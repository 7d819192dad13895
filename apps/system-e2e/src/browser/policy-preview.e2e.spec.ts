import type { Browser } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { buildWebUiIfStale, launchChromium, signIn, t, UserPage } from './browser';

/**
 * The policy page's preview (docs/rules.md#what-if-policy-replay) in a real browser: the
 * administration previews other values before saving, sees what would change and how many
 * events were read, and nothing is saved.
 */
describe('the policy preview, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let admin: UserPage;
  let caseOpened: { appealDeadline: string; openedOn: string };

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    const merchantId = (await sys.admin.post('/merchants', { name: uniqueName('試算燈飾').slice(0, 30), stall: 'W-1', category: '燈飾' }))
      .body.id;
    const clerk = await sys.account('clerk');
    const finding = await clerk.post('/findings', { merchantId, kind: 'service_without_form', note: '巡查發現一次無反饋表的安裝' });
    if (finding.status !== 201) throw new Error(`finding refused: ${JSON.stringify(finding.body)}`);
    const c = (
      await probe(
        () => sys.admin.get(`/penalty-cases?merchantId=${merchantId}`),
        (r) => r.body.items?.length === 1,
        { what: 'the finding’s case', timeoutMs: 90000 },
      )
    ).body.items[0];
    caseOpened = { appealDeadline: c.appealDeadline, openedOn: localDate(new Date(c.openedAt)) };
    const username = uniqueName('admin');
    const password = `${username}-password`;
    expect((await sys.admin.post('/users', { username, password, role: 'admin' })).status).toBe(201);
    admin = await signIn(browser, sys.url, username, password);
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('previewingShorterAppealDays_showsTheCaseWhoseDeadlineWouldMove_andSavesNothing', async () => {
    const page = admin.page;
    await page.goto(`${sys.url}/#/policy`);
    const appealDays = page.getByLabel(t('policy.appealDays'));
    await page.getByRole('heading', { name: t('policy.current', { version: 1 }) }).waitFor();
    await appealDays.fill('2');
    expect(await appealDays.inputValue()).toBe('2');
    await page.getByRole('button', { name: t('policy.preview.run') }).click();
    const result = page.getByTestId('what-if');
    await result.waitFor();
    await page.getByTestId('what-if-figures').waitFor();
    if (!(await result.textContent())?.includes(t('policy.preview.cases')))
      throw new Error(`no moved case in: ${await result.textContent()}`);
    await result.getByText(t('policy.preview.cases')).first().waitFor();
    const moved = result.getByRole('table', { name: t('policy.preview.cases') });
    expect(await moved.textContent()).toContain(caseOpened.appealDeadline);
    expect(await moved.textContent()).toContain(addDays(caseOpened.openedOn, 2));
    // how much it read and how long it took
    expect(await page.getByTestId('what-if-figures').textContent()).toMatch(/\d/);
    // the same values again: nothing would change
    await appealDays.fill('7');
    await page.getByRole('button', { name: t('policy.preview.run') }).click();
    await result.getByText(t('policy.preview.noChange')).waitFor();
    // nothing saved: still version 1, after a reload too
    await page.reload();
    await page.getByRole('heading', { name: t('policy.current', { version: 1 }) }).waitFor();
    expect(admin.errors).toEqual([]);
  });
});
