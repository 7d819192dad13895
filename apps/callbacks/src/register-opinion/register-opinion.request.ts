/** POST /api/v1/opinions (the contract, libs/api). */
export { registerOpinionRequest } from '@fd/api';
