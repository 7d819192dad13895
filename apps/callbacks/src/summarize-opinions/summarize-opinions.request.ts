import { z } from 'zod';
import { period } from '../list-opinions/list-opinions.request';

export const summarizeOpinionsRequest = z.object({ period });
