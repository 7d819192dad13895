import { listPenaltyCasesQuery as contract } from '@fd/api';
import { pageQuery } from '@fd/platform';

/** GET /api/v1/penalty-cases (the contract, libs/api), the cursor read by the platform. */
export const listPenaltyCasesQuery = contract.extend(pageQuery);
