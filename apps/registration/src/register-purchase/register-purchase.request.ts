/** POST /api/v1/purchases: the customer and one line per merchant (the contract, libs/api). */
export { registerPurchaseRequest, type RegisterPurchaseRequest } from '@fd/api';
