/** A fine or a suspension goes only with uphold (the decider refuses them with dismiss, naming the field); the contract, libs/api. */
export { decisionRequest } from '@fd/api';
