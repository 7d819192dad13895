import { existsSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { CONFIG } from '@fd/platform';
import type { GatewayConfig } from '../gateway.config';

/** Where the build puts the web UI beside the compiled gateway (dist/apps/web/dist, a link to apps/web/dist). */
const BUILT_WEB_UI = path.resolve(__dirname, '../../../web/dist');

/**
 * Serves the built web UI at `/` (WEB_DIST, else apps/web/dist), with the single-page fallback
 * to index.html for the UI's own paths. /api, /health and /metrics are never shadowed.
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

// The UI is our own files only; PDFs open from blob: URLs; the camera may scan a form's QR code.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
  next();
}
