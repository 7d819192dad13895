/** POST /api/v1/forms/{serial}/return: what the clerk reads off the returned form (the contract, libs/api). */
export { fileFormRequest } from '@fd/api';
