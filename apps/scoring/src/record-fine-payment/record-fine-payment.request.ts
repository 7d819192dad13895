/** POST /api/v1/penalty-cases/{caseId}/fine-payment (the contract, libs/api). */
export { finePaymentRequest } from '@fd/api';
