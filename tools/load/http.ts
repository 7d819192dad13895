// A lean HTTP client for the load: keep-alive sockets without a cap (an open-loop load must
// never queue inside its own client), a deadline per request, and failures turned into outcomes
// instead of exceptions.
import http from 'node:http';
import type { Outcome } from './stats';

export interface Answer {
  outcome: Outcome;
  status: number;
  body: any;
  retryAfter?: string;
}

// Idle sockets are closed after 4 s, before the server's 5 s keep-alive timeout closes them:
// a request sent on a socket the server is closing at that moment would fail for nothing.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, timeout: 4000 });

export class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    private readonly timeoutMs = 30000,
  ) {}

  as(token: string): Api {
    return new Api(this.baseUrl, token, this.timeoutMs);
  }

  get(path: string): Promise<Answer> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown, idempotencyKey?: string): Promise<Answer> {
    return this.call('POST', path, body, idempotencyKey);
  }

  call(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const done = (a: Answer) => {
        if (settled) return;
        settled = true;
        resolve(a);
      };
      const req = http.request(
        { agent, method, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', () => done({ outcome: 'connection', status: 0, body: null }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed: unknown = text;
            if ((res.headers['content-type'] ?? '').includes('json') && text) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const status = res.statusCode ?? 0;
            const retryAfter = res.headers['retry-after'];
            done({ outcome: status, status, body: parsed, ...(retryAfter ? { retryAfter: String(retryAfter) } : {}) });
          });
        },
      );
      req.on('timeout', () => {
        done({ outcome: 'timeout', status: 0, body: null });
        req.destroy();
      });
      req.on('error', () => done({ outcome: 'connection', status: 0, body: null }));
      req.end(payload);
    });
  }
}

/** Closes idle keep-alive sockets so the process can end. */
export function closeIdleSockets() {
  agent.destroy();
}
