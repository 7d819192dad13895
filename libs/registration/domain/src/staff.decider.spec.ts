import { spec } from '@fd/kernel/testing';
import { StaffEvent, certificateStatus, staffDecider } from './staff.decider';

const now = new Date('2026-10-05T17:00:00Z'); // already 6 October in Shanghai
const details = {
  staffId: 's1',
  merchantId: 'm1',
  name: '王師傅',
  phone: '13812345678',
  certificateNo: 'CERT-001',
  certificateValidUntil: '2027-06-30',
};
const registered: StaffEvent = { type: 'StaffRegistered', data: { ...details, registeredAt: now.toISOString() } };
const revoked: StaffEvent = {
  type: 'StaffCertificateRevoked',
  data: { staffId: 's1', merchantId: 'm1', reason: 'left the company', revokedOn: '2026-10-06' },
};

describe('staff decider', () => {
  const staff = spec(staffDecider);

  it('registerStaff_recordsTheCertifiedStaffMember', () => {
    staff
      .given([])
      .when({ type: 'RegisterStaff', merchantRegistered: true, now, ...details })
      .then([registered]);
  });

  it('registerStaff_forAnUnknownMerchant_isNotFound', () => {
    staff
      .given([])
      .when({ type: 'RegisterStaff', merchantRegistered: false, now, ...details })
      .thenThrows('MERCHANT_NOT_FOUND');
  });

  it('registerStaff_repeated_changesNothing', () => {
    staff
      .given([registered])
      .when({ type: 'RegisterStaff', merchantRegistered: true, now, ...details })
      .thenNothingHappened();
  });

  it('registerStaff_sameIdOtherCertificate_isRefused', () => {
    staff
      .given([registered])
      .when({ type: 'RegisterStaff', merchantRegistered: true, now, ...details, certificateNo: 'CERT-999' })
      .thenThrows('STAFF_ALREADY_REGISTERED');
  });

  it('revoke_isDatedTodayInTheMallTimeZone', () => {
    staff
      .given([registered])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'left the company', now })
      .then([revoked]);
  });

  it('revoke_twice_isAConflict', () => {
    staff
      .given([registered, revoked])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'again', now })
      .thenThrows('CERTIFICATE_ALREADY_REVOKED');
  });

  it('revoke_unknownStaff_isNotFound', () => {
    staff
      .given([])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm1', reason: 'x', now })
      .thenThrows('STAFF_NOT_FOUND');
  });

  it('revoke_staffOfAnotherMerchant_isNotFound', () => {
    staff
      .given([registered])
      .when({ type: 'RevokeStaffCertificate', staffId: 's1', merchantId: 'm2', reason: 'x', now })
      .thenThrows('STAFF_NOT_FOUND');
  });

  it('aCertificate_isValidThroughItsLastDay_andRevocationOverridesIt', () => {
    expect(certificateStatus({ certificateValidUntil: '2026-10-06', revokedOn: null }, '2026-10-06')).toBe('valid');
    expect(certificateStatus({ certificateValidUntil: '2026-10-06', revokedOn: null }, '2026-10-07')).toBe('expired');
    expect(certificateStatus({ certificateValidUntil: '2027-06-30', revokedOn: '2026-10-06' }, '2026-10-06')).toBe('revoked');
  });
});
