/** One after-sales service (usually a repair) under an insurance card (the contract, libs/api). */
export { requestAfterSalesServiceRequest } from '@fd/api';
