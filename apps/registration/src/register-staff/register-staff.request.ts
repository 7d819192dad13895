import { z } from 'zod';
import { calendarDate, phoneNumber, text } from '../shared/fields';

export const registerStaffRequest = z.object({
  name: text(100),
  phone: phoneNumber,
  /** The number of the qualification certificate (上崗資格證). */
  certificateNo: text(60),
  /** The last day the certificate is valid (inclusive). */
  certificateValidUntil: calendarDate,
});
