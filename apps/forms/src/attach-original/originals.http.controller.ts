import { Controller, Get, Inject, Param, Post, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { Clock, CLOCK, CurrentUser, idFor, Principal, requestMeta, RequestKey, Roles } from '@fd/platform';
import { normaliseSerial } from '../form/serial';
import { FormOriginals } from './originals';

/** The body as it came, refused with 413 as soon as it passes `max` bytes (it is never held whole then). */
function readBody(req: Request, max: number, tooLarge: () => Error): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body);
  // a body sent as JSON or a form was read (and parsed) already: it is no file either way
  if ((req as { _body?: boolean })._body || req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  if (Number(req.headers['content-length'] ?? 0) > max) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

@Controller('api/v1/forms')
export class OriginalsController {
  constructor(
    private readonly originals: FormOriginals,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The raw bytes of a scan or photo of the signed form (JPEG, PNG or PDF, judged by content); answers what was kept. */
  @Roles('clerk', 'admin')
  @Post(':serial/originals')
  async attach(@Param('serial') raw: string, @Req() req: Request, @CurrentUser() user: Principal, @RequestKey() requestKey?: string) {
    const serial = normaliseSerial(raw);
    const bytes = await readBody(req, this.originals.maxBytes, () => this.originals.tooLarge());
    return this.originals.attach(serial, idFor('form original', requestKey), bytes, user, await requestMeta(this.clock, user));
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':serial/originals')
  list(@Param('serial') raw: string, @CurrentUser() user: Principal) {
    return this.originals.list(normaliseSerial(raw), user);
  }

  /** The file itself, with the type its content showed. */
  @Roles('clerk', 'admin', 'merchant')
  @Get(':serial/originals/:originalId')
  async file(@Param('serial') raw: string, @Param('originalId') originalId: string, @CurrentUser() user: Principal) {
    const serial = normaliseSerial(raw);
    const f = await this.originals.file(serial, originalId, user);
    const ext = f.contentType === 'application/pdf' ? 'pdf' : f.contentType === 'image/png' ? 'png' : 'jpg';
    return new StreamableFile(f.bytes, {
      type: f.contentType,
      disposition: `inline; filename="${serial}-original.${ext}"`,
      length: f.bytes.length,
    });
  }
}
