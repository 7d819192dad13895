/** A service staff member as registered at the desk (from StaffRegistered / StaffCertificateRevoked). */
export interface StaffRecord {
  staffId: string;
  merchantId: string;
  certificateValidUntil: string;
  revokedOn?: string | null;
}

export type UncertifiedReason = 'staff_unknown' | 'other_merchant' | 'certificate_expired' | 'certificate_revoked';

export type Certification = { certified: true } | { certified: false; reason: UncertifiedReason };

/**
 * Was the staff member qualified to serve this merchant's customer on `servicedOn`? Dates are
 * inclusive: a certificate valid until the service date is valid for it; one revoked on the
 * service date is not.
 */
export function certificationOn(staff: StaffRecord | null, merchantId: string, servicedOn: string): Certification {
  if (!staff) return { certified: false, reason: 'staff_unknown' };
  if (staff.merchantId !== merchantId) return { certified: false, reason: 'other_merchant' };
  if (staff.certificateValidUntil < servicedOn) return { certified: false, reason: 'certificate_expired' };
  if (staff.revokedOn && staff.revokedOn <= servicedOn) return { certified: false, reason: 'certificate_revoked' };
  return { certified: true };
}
