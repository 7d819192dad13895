/** The rule book's ranges, the same that every service keeping a copy checks (the contract, libs/api, which libs/contracts' PolicyChanged uses). */
export { changePolicyRequest } from '@fd/api';
