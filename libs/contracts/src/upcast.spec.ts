import { randomUUID } from 'node:crypto';
import { findContractEvent, FormFiled, PayloadOf, Topics } from './catalog';
import { currentVersion, findOlderVersion, FormFiledV1, olderVersions, upcast } from './upcast';
import { validateMessage } from './validate';

const v1Filing = (over: Partial<PayloadOf<typeof FormFiledV1>> = {}): PayloadOf<typeof FormFiledV1> => ({
  serial: 'FD00000001',
  merchantId: 'm1',
  plannedDate: '2026-10-05',
  rating: 'satisfied',
  staffId: 's1',
  staffCertified: true,
  servicedOn: '2026-10-05',
  filedAt: '2026-10-06T02:00:00.000Z',
  late: false,
  ...over,
});

const message = (version: number, payload: unknown) =>
  JSON.stringify({
    id: randomUUID(),
    type: 'FormFiled',
    version,
    streamId: 'FD00000001',
    occurredAt: '2026-10-06T02:00:00.000Z',
    correlationId: 'c',
    causationId: null,
    actor: { id: 'clerk-1', role: 'clerk' },
    payload,
  });

describe('FormFiled v1, read as v2', () => {
  it('aV1FilingByCertifiedStaff_readsAsV2_unchanged', () => {
    expect(upcast('FormFiled', 1, v1Filing())).toEqual({ version: 2, payload: v1Filing() });
  });

  it('aV1FilingByUncertifiedStaff_readsAsV2_withItsReasonNotRecorded', () => {
    const lifted = upcast('FormFiled', 1, v1Filing({ staffCertified: false }));
    expect(lifted).toEqual({ version: 2, payload: { ...v1Filing({ staffCertified: false }), uncertifiedReason: 'not_recorded' } });
    expect(FormFiled.schema.safeParse(lifted.payload).success).toBe(true);
  });

  it('aV2Filing_isTheCurrentVersion_andComesBackAsItIs', () => {
    const v2 = { ...v1Filing({ staffCertified: false }), uncertifiedReason: 'certificate_expired' };
    expect(currentVersion('FormFiled')).toBe(2);
    expect(upcast('FormFiled', 2, v2)).toEqual({ version: 2, payload: v2 });
  });

  it('aV2UncertifiedFiling_mustSayWhy_andACertifiedOneMustNot', () => {
    expect(FormFiled.schema.safeParse(v1Filing({ staffCertified: false })).success).toBe(false);
    expect(FormFiled.schema.safeParse({ ...v1Filing(), uncertifiedReason: 'staff_unknown' }).success).toBe(false);
  });
});

describe('a message of an older version on the wire', () => {
  it('aV1Message_isCheckedAsV1_andHandedOnAsV2', () => {
    const checked = validateMessage(message(1, v1Filing({ staffCertified: false })), `run_1.${Topics.forms}`);
    expect(checked).toEqual({
      ok: true,
      envelope: expect.objectContaining({
        type: 'FormFiled',
        version: 2,
        payload: { ...v1Filing({ staffCertified: false }), uncertifiedReason: 'not_recorded' },
      }),
    });
  });

  it('aV1MessageThatIsNoValidV1_isRefused_namingTheField', () => {
    const { staffCertified: _, ...withoutIt } = v1Filing();
    expect(validateMessage(message(1, withoutIt), Topics.forms)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^bad FormFiled payload: staffCertified: /),
    });
  });

  it('aVersionNobodyWrites_isRefusedAsUnknown', () => {
    expect(validateMessage(message(3, v1Filing()), Topics.forms)).toEqual({ ok: false, reason: 'unknown event type FormFiled v3' });
  });
});

describe('the older versions', () => {
  it('eachOlderVersion_liftsToTheVersionAboveIt_onTheSameTopic', () => {
    for (const older of olderVersions) {
      const above = findContractEvent(older.type, older.version + 1) ?? findOlderVersion(older.type, older.version + 1);
      expect(above?.topic).toBe(older.topic);
      expect(findContractEvent(older.type, older.version)).toBeUndefined(); // producers write only the current one
    }
  });
});
