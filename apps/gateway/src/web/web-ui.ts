import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import helmet from 'helmet';
import { CONFIG } from '@fd/platform';
import type { GatewayConfig } from '../gateway.config';

/** Where the build puts the web UI beside the compiled gateway (dist/apps/web/dist, a link to apps/web/dist). */
const BUILT_WEB_UI = path.resolve(__dirname, '../../../web/dist');

/**
 * Serves the built web UI at `/` (WEB_DIST, else apps/web/dist), with the single-page fallback
 * to index.html for the UI's own paths. /api, /health and /metrics are never shadowed. Every
 * answer of the entry point carries the browser's security headers.
 */
export function serveWebUi(app: INestApplication): void {
  app.use(securityHeaders);
  const dist = app.get<GatewayConfig>(CONFIG).WEB_DIST ?? BUILT_WEB_UI;
  if (!existsSync(path.join(dist, 'index.html'))) return;
  app.use(express.static(dist, { index: false, maxAge: '1h', setHeaders: noCacheForHtml }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || /^\/(api|health|metrics)(\/|$)/.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(dist, 'index.html'));
  });
}

function noCacheForHtml(res: Response, file: string) {
  if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}

/**
 * helmet's headers (docs/security.md, "The entry point"). The UI is our own files only; PDFs open
 * from blob: URLs; no page may frame it. No Strict-Transport-Security: TLS ends at the ingress in
 * front of the entry point, which sets it for the mall's domain.
 */
const helmetHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      frameSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
});

/** helmet has no Permissions-Policy: the camera may scan a form's QR code; nothing else is asked for. */
const PERMISSIONS = 'camera=(self), microphone=(), geolocation=()';

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.setHeader('Permissions-Policy', PERMISSIONS);
  helmetHeaders(req, res, next);
}
