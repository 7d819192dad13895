/** POST /api/v1/merchants/{merchantId}/staff/{staffId}/revoke (the contract, libs/api). */
export { revokeStaffCertificateRequest } from '@fd/api';
