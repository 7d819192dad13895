import { listFindingsQuery } from '@fd/api';
import { pageQuery } from '@fd/platform';

/** GET /api/v1/findings (the contract, libs/api), the cursor read by the platform. */
export const listFindingsRequest = listFindingsQuery.extend(pageQuery);
