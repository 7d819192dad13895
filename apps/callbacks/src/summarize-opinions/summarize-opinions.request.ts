/** GET /api/v1/opinions/summary?period=YYYY-MM (the contract, libs/api). */
export { summarizeOpinionsQuery as summarizeOpinionsRequest } from '@fd/api';
