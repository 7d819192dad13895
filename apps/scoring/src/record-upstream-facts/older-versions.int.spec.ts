import { FormFiledV1, PayloadOf } from '@fd/contracts';
import { bootTestService } from '@fd/platform/testing';
import { scoringService } from '../scoring.service-def';
import { PROJECTION_TABLES } from '../projection/projection.tables';
import { api, deliver, Service, tokens, upstream } from '../scoring.test-kit';

/** FormFiled v1 (no reason for an uncertified filing) beside v2, on the wire and in the log (real PostgreSQL and Kafka). */
describe('facts announced in an older version of their contract', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const u = upstream('m-old');
  const v1Filing = (serial: string): PayloadOf<typeof FormFiledV1> => ({
    serial,
    merchantId: 'm-old',
    plannedDate: '2026-10-05',
    rating: 'very_satisfied',
    staffId: 'staff-gone',
    staffCertified: false,
    servicedOn: '2026-10-05',
    filedAt: '2026-10-06T02:00:00.000Z',
    late: false,
  });
  const snapshot = async () =>
    Object.fromEntries(
      await Promise.all(
        PROJECTION_TABLES.map(async (t) => [t, await svc.runtime.ds.query(`SELECT * FROM "${svc.schema}".${t} ORDER BY 1, 2`)]),
      ),
    );
  /** The penalty case of a forged form, with its evidence. */
  const caseOf = async (serial: string) => {
    const [found] = (await admin().get('/penalty-cases?merchantId=m-old')).body.items.filter(
      (c: { serial: string }) => c.serial === serial,
    );
    return (await admin().get(`/penalty-cases/${found.id}`)).body;
  };
  const filingIn = (detail: { timeline: Array<{ type: string; data: Record<string, unknown> }> }) =>
    detail.timeline.filter((e) => e.type === 'FormFiled').map((e) => e.data);

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
  });
  afterAll(async () => svc?.stop());

  it('aV1FilingOnKafka_isRecordedAsV2_andItsEvidenceSaysTheReasonWasNotRecorded', async () => {
    await deliver(svc, [
      u.registered('Old Floors', 'A-1'),
      u.issued('OLD-1'),
      { contract: FormFiledV1, payload: v1Filing('OLD-1') }, // as the forms service published it before v2
      u.forged('OLD-1', 'signature_denied'),
      u.issued('NEW-1'),
      u.filed('NEW-1', 'satisfied', { staffCertified: false }), // v2: says why
      u.forged('NEW-1', 'signature_denied'),
    ]);

    expect(filingIn(await caseOf('OLD-1'))).toEqual([{ ...v1Filing('OLD-1'), uncertifiedReason: 'not_recorded' }]);
    expect(filingIn(await caseOf('NEW-1'))).toEqual([
      expect.objectContaining({ staffCertified: false, uncertifiedReason: 'staff_unknown' }),
    ]);
    const logged = await svc.runtime.ds.query(`SELECT DISTINCT schema_version FROM "${svc.schema}".events WHERE type = 'FormFiled'`);
    expect(logged).toEqual([{ schema_version: 2 }]);
  });

  it('aLogWrittenBeforeV2_rebuildsTheSameScores_andStillKnowsAFactAnnouncedAgain', async () => {
    const live = await snapshot();
    expect(live.scores.length).toBeGreaterThan(0);
    // the log as a deployment kept it before v2: FormFiled facts in their v1 shape, schema_version 1
    await svc.runtime.ds.query(
      `UPDATE "${svc.schema}".events SET schema_version = 1, data = data - 'uncertifiedReason' WHERE type = 'FormFiled'`,
    );

    expect((await admin().post('/admin/rebuild-scores', {})).status).toBe(200);
    expect(await snapshot()).toEqual(live);
    expect(filingIn(await caseOf('NEW-1'))).toEqual([
      expect.objectContaining({ staffCertified: false, uncertifiedReason: 'not_recorded' }),
    ]);

    // the same filing announced again under a new message id, in v1: the evidence still shows it once
    await deliver(svc, [{ contract: FormFiledV1, payload: v1Filing('OLD-1') }]);
    expect(filingIn(await caseOf('OLD-1'))).toHaveLength(1);
    expect(await snapshot()).toEqual(live);
  });
});
