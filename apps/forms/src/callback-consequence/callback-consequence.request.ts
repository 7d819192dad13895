export { callbackConsequenceQuery as callbackConsequenceRequest } from '@fd/api';
