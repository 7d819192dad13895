import { listPurchasesQuery as contract } from '@fd/api';
import { pageQuery } from '@fd/platform';

/** GET /api/v1/purchases (the contract, libs/api), the cursor read by the platform. */
export const listPurchasesQuery = contract.extend(pageQuery);
