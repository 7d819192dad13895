/** The shape only; the service date's rules are the decider's (the contract, libs/api). */
export { recordFindingRequest } from '@fd/api';
