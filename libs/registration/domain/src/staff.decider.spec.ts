import { spec } from '@fd/kernel/testing';
import { StaffEvent, certificateKey, certificateStatus, normalizeCertificateNo, staffDecider } from './staff.decider';

const now = new Date('2026-10-05T17:00:00Z'); // already 6 October in Shanghai
const timeZone = 'Asia/Shanghai';
// 16:30 UTC: 13 October has begun in Shanghai, London is still on 12 October
const zoneBoundary = new Date('2026-10-12T16:30:00Z');
const details = {
  staffId: 's1',
  merchantId: 'm1',
  name: '王師傅',
  phone: '13812345678',
  certificateNo: 'CERT-001',
  certificateValidUntil: '2027-06-30',
};
const registered: StaffEvent = { type: 'StaffRegistered', data: { ...details, registeredAt: now.toISOString() } };
const register = { type: 'RegisterStaff' as const, merchantRegistered: true, certificateHolder: null, now, ...details };
const revoked: StaffEvent = {
  type: 'StaffCertificateRevoked',
  data: { staffId: 's1', merchantId: 'm1', reason: 'left the company', revokedOn: '2026-10-06' },
};

describe('staff decider', () => {
  const staff = spec(staffDecider);

  it('registerStaff_recordsTheCertifiedStaffMember', () => {
    staff.given([]).when(register).then([registered]);
  });

  it('registerStaff_forAnUnknownMerchant_isNotFound', () => {
    staff
      .given([])
      .when({ ...register, merchantRegistered: false })
      .thenThrows('MERCHANT_NOT_FOUND');
  });

  it('registerStaff_repeated_changesNothing', () => {
    staff.given([registered]).when(register).thenNothingHappened();
  });

  it('registerStaff_sameIdOtherCertificate_isRefused', () => {
    staff
      .given([registered])
      .when({ ...register, certificateNo: 'CERT-999' })
      .thenThrows('STAFF_ALREADY_REGISTERED');
  });

  it('revoke_isDatedTodayInTheMallTimeZone', () => {
    staff
      .given([registered])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'left the company', now, timeZone })
      .then([revoked]);
  });

  it('revoke_isDatedTodayInThePolicysTimeZone', () => {
    const revokeAtTheBoundary = (zone: string) =>
      staff
        .given([registered])
        .when({
          type: 'RevokeStaffCertificate',
          staffId: 's1',
          merchantId: 'm1',
          reason: 'left the company',
          now: zoneBoundary,
          timeZone: zone,
        })
        .events();
    expect(revokeAtTheBoundary('Europe/London')).toEqual([{ ...revoked, data: { ...revoked.data, revokedOn: '2026-10-12' } }]);
    expect(revokeAtTheBoundary('Asia/Shanghai')).toEqual([{ ...revoked, data: { ...revoked.data, revokedOn: '2026-10-13' } }]);
  });

  it('registerStaff_aCertificateAnotherStaffMemberOfTheMerchantHolds_isRefusedNamingThem', () => {
    const run = () =>
      staff
        .given([])
        .when({ ...register, staffId: 's2', name: '王大明', certificateHolder: { staffId: 's1', name: '王師傅', merchantId: 'm1' } })
        .events();
    expect(run).toThrow(expect.objectContaining({ kind: 'conflict', code: 'CERTIFICATE_ALREADY_REGISTERED' }));
    expect(run).toThrow(/CERT-001.*王師傅.*s1/);
  });

  it('exampleR3_aCertificateAStaffMemberOfAnotherMerchantHolds_isRefusedNamingThemAndTheirMerchant', () => {
    const run = () =>
      staff
        .given([])
        .when({ ...register, staffId: 's2', certificateHolder: { staffId: 's9', name: '王師傅', merchantId: 'm9' } })
        .events();
    expect(run).toThrow(expect.objectContaining({ kind: 'conflict', code: 'CERTIFICATE_ALREADY_REGISTERED' }));
    expect(run).toThrow(/王師傅.*s9.*m9/);
  });

  it('exampleR3_theNumberIsKeptInUpperCaseAndHalfWidth_andComparedWithoutSpacesOrDashes', () => {
    const [event] = staff
      .given([])
      .when({ ...register, certificateNo: ' ｃｅｒｔ－００１ ' })
      .events();
    expect(event.data).toMatchObject({ certificateNo: 'CERT-001' });
    expect(normalizeCertificateNo('sg  0012')).toBe('SG 0012');
    expect(['sg 0012', 'SG-0012', 'ＳＧ－００１２', 'sg–0012'].map(certificateKey)).toEqual(Array(4).fill('SG0012'));
    // the same registration typed otherwise is a repeat, not a conflict
    staff
      .given([registered])
      .when({ ...register, certificateNo: 'cert 001' })
      .thenNothingHappened();
  });

  it('registerStaff_repeated_changesNothing_evenThoughItNowHoldsTheCertificate', () => {
    staff
      .given([registered])
      .when({ ...register, certificateHolder: { staffId: 's1', name: '王師傅', merchantId: 'm1' } })
      .thenNothingHappened();
  });

  it('registerStaff_aCertificateNobodyHoldsAnyMore_isRegistered', () => {
    // the caller finds no holder once the earlier registration was revoked (a renewed certificate, same number)
    staff
      .given([])
      .when({ ...register, staffId: 's2', certificateValidUntil: '2029-06-30', certificateHolder: null })
      .then([
        {
          type: 'StaffRegistered',
          data: { ...details, staffId: 's2', certificateValidUntil: '2029-06-30', registeredAt: now.toISOString() },
        },
      ]);
  });

  it('revoke_twice_isAConflict', () => {
    staff
      .given([registered, revoked])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'again', now, timeZone })
      .thenThrows('CERTIFICATE_ALREADY_REVOKED');
  });

  it('revoke_unknownStaff_isNotFound', () => {
    staff
      .given([])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'x', now, timeZone })
      .thenThrows('STAFF_NOT_FOUND');
  });

  it('revoke_staffOfAnotherMerchant_isNotFound', () => {
    staff
      .given([registered])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm2', reason: 'x', now, timeZone })
      .thenThrows('STAFF_NOT_FOUND');
  });

  it('aCertificate_isValidThroughItsLastDay_andRevocationOverridesIt', () => {
    expect(certificateStatus({ certificateValidUntil: '2026-10-06', revokedOn: null }, '2026-10-06')).toBe('valid');
    expect(certificateStatus({ certificateValidUntil: '2026-10-06', revokedOn: null }, '2026-10-07')).toBe('expired');
    expect(certificateStatus({ certificateValidUntil: '2027-06-30', revokedOn: '2026-10-06' }, '2026-10-06')).toBe('revoked');
  });
});
