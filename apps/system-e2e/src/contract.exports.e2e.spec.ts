import { localDateTime } from '@fd/platform';
import { registerPurchases } from './support/contract-records';
import { ContractDesk, expectProblem, openContractDesk } from './support/contract';

/**
 * The CSV exports of docs/api.md#csv-exports through the entry point: the file as a spreadsheet
 * gets it (type, name, byte order mark, language, times in the mall's zone), every row of the
 * list it mirrors, and the same access rules as that list (a merchant only its own rows).
 */
describe('CSV exports through the entry point (docs/api.md#csv-exports)', () => {
  let desk: ContractDesk;
  let forms: any[];

  const lines = (bytes: Buffer) => bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);

  beforeAll(async () => {
    desk = await openContractDesk();
    const { shared, onlyA } = await registerPurchases(desk);
    forms = [...shared.forms, ...(onlyA.forms ?? [])];
  });
  afterAll(async () => desk?.sys.stop());

  it('theFormsExport_isACompleteCsvInTheChosenLanguage_withTheMallsTimes', async () => {
    const r = await desk.admin.get(`/forms/export.csv?period=${desk.period}&lang=en`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="forms-${desk.period}.csv"`);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = lines(r.bytes);
    expect(header.split(',').slice(0, 3)).toEqual(['Serial', 'Merchant', 'Service']);
    for (const f of forms) {
      const row = rows.find((l) => l.startsWith(`${f.serial},`));
      expect(row).toBeDefined();
      // issued at, as the mall's clock (the policy's zone, Asia/Shanghai by default) showed it
      expect(row).toContain(localDateTime(f.issuedAt, 'Asia/Shanghai'));
    }
    const zh = await desk.admin.get(`/forms/export.csv?period=${desk.period}`, { 'accept-language': 'zh-CN' });
    expect(lines(zh.bytes)[0].split(',').slice(0, 3)).toEqual(['反馈表编号', '商户', '服务']);
  });

  it('aMerchant_getsOnlyItsOwnRows_andNeverAnotherMerchants', async () => {
    const own = await desk.merchantB.get('/forms/export.csv?lang=en');
    expect(own.status).toBe(200);
    const serials = lines(own.bytes)
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(serials.sort()).toEqual(
      forms
        .filter((f) => f.merchantId === desk.b)
        .map((f) => f.serial)
        .sort(),
    );

    expectProblem(await desk.merchantB.get(`/forms/export.csv?merchantId=${desk.a}`), 403, 'OTHER_MERCHANT');
    expectProblem(await desk.merchantB.get(`/penalty-cases/export.csv?merchantId=${desk.a}`), 403, 'OTHER_MERCHANT');
    expectProblem(await desk.clerk.get('/scores/export.csv'), 403);
    expectProblem(await desk.sys.anonymous().get('/forms/export.csv'), 401);
    expectProblem(await desk.admin.get('/forms/export.csv?lang=de'), 400);
  });
});
