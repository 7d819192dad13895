import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Roles, SERVICE_SCHEMA } from '@fd/platform';

/**
 * Test mode only (TEST_CLOCK=1; not mounted otherwise): the messages the SMS adapter without a
 * provider sent, newest first, all or to one phone, so that tests and the demo read the one-time
 * codes a customer would get.
 */
@Controller('api/v1/_test/sms-inbox')
export class SmsInboxController {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @Roles('admin')
  @Get()
  async list(@Query('phone') phone?: string) {
    const rows: Array<{ id: string; phone: string; text: string; sent_at: Date }> = await this.ds.query(
      `SELECT id::text AS id, phone, text, sent_at FROM "${this.schema}".sms_inbox
        WHERE $1::text IS NULL OR phone = $1 ORDER BY id DESC LIMIT 50`,
      [phone || null],
    );
    return { items: rows.map((r) => ({ id: r.id, phone: r.phone, text: r.text, sentAt: r.sent_at.toISOString() })) };
  }
}
