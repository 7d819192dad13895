import { plannedService } from '../shared/fields';

/** One after-sales service (usually a repair) under an insurance card. */
export const requestAfterSalesServiceRequest = plannedService;
