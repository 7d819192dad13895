import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * The port through which the desk sends a text message to a customer's phone (the one-time code
 * of a self-confirmation). `send` resolves once the message is handed over; it throws when it
 * could not be, and then the customer is told to try again.
 *
 * A real provider's adapter implements this with: the provider's endpoint and credentials (an
 * account id and a secret, from the environment, never from the code), the registered sender id
 * or template the provider requires for verification messages in mainland China, the phone as
 * the provider wants it (usually E.164, `+8613812345678`), a timeout (a few seconds: the customer
 * is waiting) and a mapping of the provider's refusals to a thrown Error. It must not log the
 * text of the message (it holds a one-time code).
 */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

export const SMS_SENDER = Symbol('fd:sms-sender');

/**
 * The adapter used here, with no provider: each message is appended to a log file (one JSON line:
 * when, to whom, the text) and kept in the service's test inbox table (`sms_inbox`), which tests
 * and the demo read (GET /api/v1/_test/sms-inbox in test mode).
 */
export class LogAndInboxSmsSender implements SmsSender {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly logFile: string,
  ) {}

  async send(phone: string, text: string): Promise<void> {
    await mkdir(dirname(this.logFile), { recursive: true });
    await appendFile(this.logFile, JSON.stringify({ at: new Date().toISOString(), to: phone, text }) + '\n');
    await this.ds.query(`INSERT INTO "${this.schema}".sms_inbox (phone, text) VALUES ($1, $2)`, [phone, text]);
  }
}
