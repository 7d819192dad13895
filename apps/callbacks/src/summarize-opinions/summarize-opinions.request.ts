import { z } from 'zod';
import { period } from '../shared/fields';

export const summarizeOpinionsRequest = z.object({ period });
