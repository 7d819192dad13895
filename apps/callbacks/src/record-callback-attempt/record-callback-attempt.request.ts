/** The shape only; which outcome needs which field, and the date rules, are the decider's (the contract, libs/api). */
export { recordCallbackAttemptRequest } from '@fd/api';
