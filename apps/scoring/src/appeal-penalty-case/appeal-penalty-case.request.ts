/** POST /api/v1/penalty-cases/{caseId}/appeal (the contract, libs/api). */
export { appealRequest } from '@fd/api';
