import { keepPolicyVersion } from '@fd/platform';
import { bootTestService, httpClient, testToken } from '@fd/platform/testing';
import { formsService } from '../forms.service-def';

/** A whole CSV file read back (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('CSV export of forms (real PostgreSQL, through the forms service)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  const admin = testToken({ sub: 'admin-1', username: 'admin', role: 'admin' });
  const merchantB = testToken({ sub: 'user-m-b', username: 'm-b', role: 'merchant', merchantId: 'm-b' });
  const get = (path: string, token = admin, headers: Record<string, string> = {}) =>
    httpClient(`${svc.url}/api/v1`, token).get(path, headers);
  const sql = (text: string, args: unknown[] = []) => svc.runtime.ds.query(text.replaceAll('$schema', `"${svc.schema}"`), args);

  beforeAll(async () => {
    svc = await bootTestService(formsService);
    await sql(
      `INSERT INTO $schema.merchants (merchant_id, name, stall) VALUES ('m-a', '=HYPERLINK("x")', 'A01'), ('m-b', '乙陶瓷', 'B02')`,
    );
    // 6,001 forms of m-a in one statement, the first filed late on the last evening of November (UTC)
    await sql(
      `INSERT INTO $schema.forms (serial, purchase_id, card_no, merchant_id, service_type, visit, planned_date, due_date, return_days,
                                  issued_at, status, rating, staff_certified, filed_at, verified, forged, reported_missing)
       SELECT 'FD' || lpad(n::text, 8, '0'), 'p-' || n, 'C-' || n, 'm-a', 'install', 1, date '2026-11-20', date '2026-11-27', 7,
              timestamptz '2026-11-30T17:30:00Z', CASE WHEN n = 1 THEN 'filed' ELSE 'issued' END,
              CASE WHEN n = 1 THEN 'satisfied' END, CASE WHEN n = 1 THEN true END,
              CASE WHEN n = 1 THEN timestamptz '2026-11-30T16:05:09Z' END, false, false, false
         FROM generate_series(1, 6001) n`,
    );
    await sql(
      `INSERT INTO $schema.forms (serial, purchase_id, card_no, merchant_id, service_type, visit, planned_date, due_date, return_days,
                                  issued_at, status, verified, forged, reported_missing)
       SELECT 'FD' || lpad((10000 + n)::text, 8, '0'), 'p-b' || n, 'C-b' || n, 'm-b', 'deliver', 1, date '2026-11-21', date '2026-11-28', 7,
              now(), 'issued', false, false, false
         FROM generate_series(1, 40) n`,
    );
  }, 60000);

  afterAll(async () => svc?.stop());

  it('everyRow_isExported_farPastTheOld5000_withBomHeadersAndFileName', async () => {
    const r = await get('/forms/export.csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="forms-all.csv"');
    expect(r.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(r.bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      '反饋表編號',
      '商戶',
      '服務',
      '次',
      '預約日期',
      '回收期限',
      '狀態',
      '評價',
      '資格',
      '服務日期',
      '發出時間',
      '備案時間',
      '保險卡號',
    ]);
    expect(rows.length - 1).toBe(6041);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(6041);
    expect(rows[rows.length - 1][0]).toBe('FD00010040');
  });

  it('timesAreTheMalls_wordsAreTheChosenLanguage_andANameIsNeverAFormula', async () => {
    const en = parseCsv((await get('/forms/export.csv?lang=en&period=2026-11&status=filed')).bytes.toString('utf8').slice(1));
    expect(en).toEqual([
      [
        'Serial',
        'Merchant',
        'Service',
        'Visit',
        'Planned date',
        'Due date',
        'Status',
        'Rating',
        'Qualification',
        'Service date',
        'Issued at',
        'Filed at',
        'Card no.',
      ],
      // 17:30 and 16:05 UTC on 30 November are 01:30 and 00:05 on 1 December in Shanghai
      [
        'FD00000001',
        `'=HYPERLINK("x")`,
        'Installation',
        '1',
        '2026-11-20',
        '2026-11-27',
        'Filed',
        'Satisfied',
        'Yes',
        '',
        '2026-12-01 01:30:00',
        '2026-12-01 00:05:09',
        'C-1',
      ],
    ]);
    // Accept-Language when no lang is given
    const hans = await get('/forms/export.csv?status=filed', admin, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(parseCsv(hans.bytes.toString('utf8').slice(1))[1].slice(6, 8)).toEqual(['已备案', '满意']);

    // the policy's time zone is the mall's: a change of it changes the times written
    await keepPolicyVersion(
      svc.runtime.ds.manager,
      svc.schema,
      { version: 2, returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: 'Europe/London' },
      '2026-01-01T00:00:00Z',
    );
    const london = parseCsv((await get('/forms/export.csv?lang=en&status=filed')).bytes.toString('utf8').slice(1));
    expect(london[1].slice(10, 12)).toEqual(['2026-11-30 17:30:00', '2026-11-30 16:05:09']);
  });

  it('aMerchant_exportsOnlyItsOwnForms_andAnotherMerchantsIsRefusedBeforeAnyFile', async () => {
    const own = parseCsv((await get('/forms/export.csv', merchantB)).bytes.toString('utf8').slice(1));
    expect(own.length - 1).toBe(40);
    expect(own.slice(1).every((row) => row[1] === '乙陶瓷')).toBe(true);
    const other = await get('/forms/export.csv?merchantId=m-a', merchantB);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'OTHER_MERCHANT' });
    const bad = await get('/forms/export.csv?lang=fr');
    expect(bad.status).toBe(400);
  });
});
