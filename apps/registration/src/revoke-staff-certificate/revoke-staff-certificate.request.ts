import { z } from 'zod';
import { text } from '../shared/fields';

export const revokeStaffCertificateRequest = z.object({ reason: text(500) });
