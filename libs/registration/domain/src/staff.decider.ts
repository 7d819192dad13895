import { conflict, type Decider, DomainError, localDate, notFound } from '@fd/kernel';
import { merchantNotFound } from './merchant.decider';

export interface StaffDetails {
  staffId: string;
  merchantId: string;
  name: string;
  phone: string;
  certificateNo: string;
  certificateValidUntil: string;
}

/** The staff member whose registration of a certificate number is in force (not revoked), at any merchant of the mall. */
export interface CertificateHolder {
  staffId: string;
  name: string;
  merchantId: string;
}

/**
 * A certificate number as the registry keeps it: half-width (NFKC), upper case, trimmed, inner
 * spaces single (`ｓｇ－００１２ ` → `SG-0012`). docs/rules.md#example-r3-one-certificate-in-the-whole-mall
 */
export function normalizeCertificateNo(certificateNo: string): string {
  return certificateNo.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
}

/**
 * What makes two certificate numbers one: the normalized number without spaces or dashes. The
 * staff read model computes the same key in SQL (`certificate_key`), and its unique index holds it.
 */
export function certificateKey(certificateNo: string): string {
  return normalizeCertificateNo(certificateNo).replace(/[\s\-‐‑‒–—―]/g, '');
}

export type StaffCommand =
  /**
   * `merchantRegistered` and `certificateHolder` are the registry's answers, looked up by the
   * caller: is `merchantId` registered, and who of its staff holds `certificateNo` (null: nobody).
   */
  | ({ type: 'RegisterStaff'; merchantRegistered: boolean; certificateHolder: CertificateHolder | null; now: Date } & StaffDetails)
  /** `timeZone` is the mall's (the policy's): the revocation is dated today there. */
  | { type: 'RevokeStaffCertificate'; staffId: string; merchantId: string; reason: string; now: Date; timeZone: string };

export type StaffEvent =
  | { type: 'StaffRegistered'; data: StaffDetails & { registeredAt: string } }
  | { type: 'StaffCertificateRevoked'; data: { staffId: string; merchantId: string; reason: string; revokedOn: string } };

export type StaffState =
  | { status: 'unregistered' }
  | ({ status: 'certified'; registeredAt: string } & StaffDetails)
  | ({ status: 'revoked'; registeredAt: string; reason: string; revokedOn: string } & StaffDetails);

export const staffDecider: Decider<StaffState, StaffCommand, StaffEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterStaff': {
        const { type: _type, merchantRegistered, certificateHolder, now, ...typed } = command;
        const details = { ...typed, certificateNo: normalizeCertificateNo(typed.certificateNo) };
        if (!merchantRegistered) throw merchantNotFound(command.merchantId);
        if (state.status !== 'unregistered') {
          if (state.merchantId === details.merchantId && certificateKey(state.certificateNo) === certificateKey(details.certificateNo))
            return [];
          throw conflict('STAFF_ALREADY_REGISTERED', `Staff member ${details.staffId} is already registered.`);
        }
        // One person, one staff id in the whole mall: a second registration of a certificate in force would split
        // their services, or lend one person's certificate to a second merchant.
        if (certificateHolder) throw certificateAlreadyRegistered(details.certificateNo, details.merchantId, certificateHolder);
        return [{ type: 'StaffRegistered', data: { ...details, registeredAt: now.toISOString() } }];
      }
      case 'RevokeStaffCertificate': {
        // A staff member of another merchant is "not found" under this merchant's path.
        if (state.status === 'unregistered' || state.merchantId !== command.merchantId)
          throw notFound('STAFF_NOT_FOUND', `Merchant ${command.merchantId} has no staff member ${command.staffId}.`);
        if (state.status === 'revoked')
          throw conflict('CERTIFICATE_ALREADY_REVOKED', `The certificate of ${state.name} was already revoked on ${state.revokedOn}.`);
        return [
          {
            type: 'StaffCertificateRevoked',
            data: {
              staffId: state.staffId,
              merchantId: state.merchantId,
              reason: command.reason,
              revokedOn: localDate(command.now, command.timeZone),
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StaffRegistered':
        return { status: 'certified', ...event.data };
      case 'StaffCertificateRevoked':
        if (state.status !== 'certified') return state;
        return { ...state, status: 'revoked', reason: event.data.reason, revokedOn: event.data.revokedOn };
    }
  },
};

function certificateAlreadyRegistered(certificateNo: string, merchantId: string, holder: CertificateHolder): DomainError {
  return holder.merchantId === merchantId
    ? conflict(
        'CERTIFICATE_ALREADY_REGISTERED',
        `Certificate ${certificateNo} is already registered for this merchant to ${holder.name} (staff id ${holder.staffId}). ` +
          `Use that registration; to register a renewed certificate with the same number, revoke that registration first.`,
      )
    : conflict(
        'CERTIFICATE_ALREADY_REGISTERED',
        `Certificate ${certificateNo} is already registered to ${holder.name} (staff id ${holder.staffId}) of merchant ${holder.merchantId}; ` +
          `a certificate serves one merchant. If the person changed employer, that registration must be revoked first.`,
      );
}

/** How the desk sees a certificate on a given day: valid through its last day, unless revoked. */
export function certificateStatus(
  staff: { certificateValidUntil: string; revokedOn: string | null },
  today: string,
): 'valid' | 'expired' | 'revoked' {
  if (staff.revokedOn !== null) return 'revoked';
  return today <= staff.certificateValidUntil ? 'valid' : 'expired';
}
