import { listOpinionsQuery } from '@fd/api';
import { pageQuery } from '@fd/platform';

/** GET /api/v1/opinions (the contract, libs/api), the cursor read by the platform. */
export const listOpinionsRequest = listOpinionsQuery.extend(pageQuery);
