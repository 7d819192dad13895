import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata, CONFIG, NotFoundProblem, Principal, Problem, SERVICE_SCHEMA } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import type { FormsConfig } from '../forms.config';
import { sniffOriginalType } from './content-type';

/** One kept original as the API lists it (the file itself at its own address). */
export interface OriginalView {
  originalId: string;
  serial: string;
  contentType: string;
  size: number;
  sha256: string;
  attachedAt: string;
  attachedBy: string;
  keepUntil: string;
}

interface OriginalRow {
  original_id: string;
  serial: string;
  merchant_id: string;
  content_type: string;
  size: number;
  sha256: string;
  attached_at: Date;
  attached_by: string;
  keep_until: string;
}
const COLUMNS = 'original_id, serial, merchant_id, content_type, size, sha256, attached_at, attached_by, keep_until::text AS keep_until';

const view = (r: OriginalRow): OriginalView => ({
  originalId: r.original_id,
  serial: r.serial,
  contentType: r.content_type,
  size: r.size,
  sha256: r.sha256,
  attachedAt: r.attached_at.toISOString(),
  attachedBy: r.attached_by,
  keepUntil: r.keep_until,
});

/** A form another merchant's is as unknown to a merchant as one that does not exist. */
function formNotFound(serial: string): never {
  throw new NotFoundProblem('FORM_NOT_FOUND', `There is no feedback form with serial ${serial}.`);
}

/**
 * The signed originals of the forms (docs/rules.md, "The signed original"): kept in
 * form_originals beside the log, each announced in its form's stream by FormOriginalAttached
 * with its SHA-256; never deleted by a void, kept ORIGINALS_KEEP_YEARS.
 */
@Injectable()
export class FormOriginals {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
    @Inject(CONFIG) private readonly config: FormsConfig,
  ) {}

  get maxBytes(): number {
    return this.config.ORIGINAL_MAX_BYTES;
  }

  tooLarge(): Problem {
    return new Problem(
      413,
      'TOO_LARGE',
      `The file is larger than ${Math.floor(this.maxBytes / 1024)} KB; scan the form at a lower resolution or as a JPEG.`,
    );
  }

  /** Keeps the file and records it in the form's stream, in one transaction; a repeat of the same request (same id) keeps nothing more. */
  async attach(serial: string, originalId: string, bytes: Buffer, p: Principal, meta: CommandMetadata): Promise<OriginalView> {
    if (bytes.length > this.maxBytes) throw this.tooLarge();
    const contentType = sniffOriginalType(bytes);
    if (!contentType)
      throw new Problem(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'The file is not a JPEG, PNG or PDF (judged by its content, whatever its name or type says). Attach a photo or a scan of the signed form.',
      );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.ds.transaction(async (m) => {
      const forms: Array<{ merchant_id: string }> = await m.query(`SELECT merchant_id FROM "${this.schema}".forms WHERE serial = $1`, [
        serial,
      ]);
      if (!forms.length) formNotFound(serial);
      const inserted: unknown[] = await m.query(
        `INSERT INTO "${this.schema}".form_originals
           (original_id, serial, merchant_id, content_type, size, sha256, bytes, attached_at, attached_by, keep_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ($8::timestamptz::date + make_interval(years => $10))::date)
         ON CONFLICT (original_id) DO NOTHING RETURNING original_id`,
        [
          originalId,
          serial,
          forms[0].merchant_id,
          contentType,
          bytes.length,
          sha256,
          bytes,
          meta.now,
          p.username,
          this.config.ORIGINALS_KEEP_YEARS,
        ],
      );
      if (!inserted.length) return; // the same request again: the first one kept it
      await this.streams.handle(
        m,
        serial,
        {
          type: 'AttachOriginal',
          serial,
          original: { originalId, sha256, contentType, size: bytes.length, username: p.username, role: p.role, at: meta.now.toISOString() },
        },
        meta,
      );
    });
    return this.one(serial, originalId, p);
  }

  /** The form's originals, oldest first; a merchant sees only its own forms'. */
  async list(serial: string, p: Principal): Promise<{ items: OriginalView[] }> {
    await this.formOf(serial, p);
    const rows: OriginalRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM "${this.schema}".form_originals WHERE serial = $1 ORDER BY attached_at, original_id`,
      [serial],
    );
    return { items: rows.map(view) };
  }

  async one(serial: string, originalId: string, p: Principal): Promise<OriginalView> {
    return view((await this.find(serial, originalId, p, COLUMNS)) as OriginalRow);
  }

  /** The file as it was attached. */
  async file(serial: string, originalId: string, p: Principal): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
    const r = (await this.find(serial, originalId, p, 'content_type, bytes, sha256')) as {
      content_type: string;
      bytes: Buffer;
      sha256: string;
    };
    return { contentType: r.content_type, bytes: r.bytes, sha256: r.sha256 };
  }

  private async find(serial: string, originalId: string, p: Principal, columns: string): Promise<unknown> {
    await this.formOf(serial, p);
    const rows: unknown[] = /^[0-9a-f-]{36}$/i.test(originalId)
      ? await this.ds.query(`SELECT ${columns} FROM "${this.schema}".form_originals WHERE serial = $1 AND original_id = $2`, [
          serial,
          originalId,
        ])
      : [];
    if (!rows.length) throw new NotFoundProblem('ORIGINAL_NOT_FOUND', `Form ${serial} has no original ${originalId}.`);
    return rows[0];
  }

  private async formOf(serial: string, p: Principal): Promise<void> {
    const rows: Array<{ merchant_id: string }> = await this.ds.query(`SELECT merchant_id FROM "${this.schema}".forms WHERE serial = $1`, [
      serial,
    ]);
    if (!rows.length || (p.role === 'merchant' && rows[0].merchant_id !== p.merchantId)) formNotFound(serial);
  }
}
