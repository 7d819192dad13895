import { z } from 'zod';
import { text } from '../shared/fields';

export const registerMerchantRequest = z.object({
  name: text(100),
  /** The stall (攤位) in the mall, e.g. "A-101". */
  stall: text(40),
  /** What the merchant sells, e.g. "flooring", "doors and windows". */
  category: text(60),
});
