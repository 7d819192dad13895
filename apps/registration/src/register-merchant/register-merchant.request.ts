/** POST /api/v1/merchants: name, stall (攤位) and category (the contract, libs/api). */
export { registerMerchantRequest } from '@fd/api';
