/** POST /api/v1/merchants/{merchantId}/staff: who, and the qualification certificate (上崗資格證) (the contract, libs/api). */
export { registerStaffRequest } from '@fd/api';
