import { listCallbacksQuery } from '@fd/api';
import { pageQuery } from '@fd/platform';

/** GET /api/v1/callbacks (the contract, libs/api), the cursor read by the platform. */
export const listCallbacksRequest = listCallbacksQuery.extend(pageQuery);
