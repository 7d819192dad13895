/** POST /api/v1/forms/{serial}/void: why the form no longer counts (the contract, libs/api). */
export { voidFormRequest } from '@fd/api';
