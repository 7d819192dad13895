import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { probe, uniqueName } from '@fd/platform/testing';
import type { E2eSystem } from '../support/system';
// The journeys find inputs and buttons by the labels the UI itself shows: its language files
// (apps/web/src/i18n/locales), read through the same i18next instance as the UI's, so a label
// here is what a user reads. Nx forbids importing an application; this one file of it is the exception.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { messages, MessageKey, translate } from '../../../web/src/i18n/messages';

const ROOT = path.resolve(__dirname, '../../../..');
const WEB = path.join(ROOT, 'apps', 'web');
export const SCREENSHOTS = path.join(ROOT, '.cache', 'screenshots');

/** The labels the UI shows by default (Traditional Chinese): tests find inputs and buttons by them. */
export const t = (key: MessageKey, vars?: Record<string, string | number>) => translate('zh-Hant', key, vars);
export const zh = messages['zh-Hant'];

/** A message with the given placeholders filled in and the others standing for any text, as a pattern. */
export function shaped(key: MessageKey, vars: Record<string, string | number> = {}): RegExp {
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    t(key, vars)
      .split(/\{\w+\}/)
      .map(escape)
      .join('.+'),
  );
}

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The gateway serves apps/web/dist; build it when it is missing or older than its sources,
 * before the system starts (the gateway looks for it when it starts).
 */
export function buildWebUiIfStale(): void {
  const built = path.join(WEB, 'dist', 'index.html');
  const sources = Math.max(
    newestChange(path.join(WEB, 'src')),
    statSync(path.join(WEB, 'index.html')).mtimeMs,
    statSync(path.join(WEB, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execSync('npx vite build apps/web', { cwd: ROOT, stdio: 'pipe' });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** What the page reported as broken (uncaught errors): a journey ends with none. */
  errors: string[];
}

/** A fresh browser profile (its own sessionStorage) signed in through the login page. */
export async function signIn(
  browser: Browser,
  url: string,
  username: string,
  password: string,
  viewport = { width: 1280, height: 900 },
): Promise<UserPage> {
  const context = await browser.newContext({ viewport, locale: 'zh-TW', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.getByLabel(zh['login.username']).fill(username);
  await page.getByLabel(zh['login.password']).fill(password);
  await page.getByRole('button', { name: zh['login.submit'] }).click();
  await page.getByRole('button', { name: zh['app.signOut'] }).waitFor();
  return { context, page, errors };
}

/** An account's sign-in name and password. */
export interface Login {
  username: string;
  password: string;
}

/**
 * The people of a browser journey: accounts made through the administration's API, each signed in
 * on a fresh browser profile of its own; the pages signed in are kept in `opened`, for a test to
 * check their errors and close them.
 */
export class BrowserUsers {
  /** Every page signed in so far, in order. */
  readonly opened: UserPage[] = [];

  constructor(
    private readonly sys: E2eSystem,
    private readonly browser: Browser,
  ) {}

  /** A new account of the role (a merchant's account belongs to `merchantId`), with a unique name. */
  async account(role: 'clerk' | 'merchant' | 'admin' | 'manager', merchantId?: string): Promise<Login> {
    const username = uniqueName(role);
    const password = `${username}-password`;
    const r = await this.sys.admin.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) });
    if (r.status !== 201) throw new Error(`could not create ${role}: ${JSON.stringify(r.body)}`);
    return { username, password };
  }

  /** A page signed in as the login, on a browser profile of its own. */
  async signIn(login: Login, viewport?: { width: number; height: number }): Promise<Page> {
    const user = await signIn(this.browser, this.sys.url, login.username, login.password, viewport);
    this.opened.push(user);
    return user.page;
  }

  async closeAll(): Promise<void> {
    for (const u of this.opened) await u.context.close();
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The toast banner saying what an action did. */
export async function expectToast(page: Page, text: string): Promise<void> {
  await page.locator('.toast', { hasText: text }).first().waitFor({ timeout: 20000 });
}

/** Reloads a page until what it shows satisfies the expectation (eventual consistency), describing the last sight on timeout. */
export async function probePage<T>(
  page: Page,
  read: () => Promise<T>,
  satisfied: (value: T) => boolean,
  what: string,
  timeoutMs = 30000,
): Promise<T> {
  return probe(
    async () => {
      await page.reload();
      return read();
    },
    satisfied,
    { timeoutMs, intervalMs: 500, what },
  );
}

/**
 * The PDF a click makes the page open (or save): the blob handed to `URL.createObjectURL`, read
 * back as bytes once it is there. Fails when what the page made is not a PDF. (Page code as text:
 * these tests compile without the DOM's types.)
 */
export async function pdfOpenedBy(page: Page, click: () => Promise<void>, what: string): Promise<Buffer> {
  await page.evaluate(`(() => {
    window.made = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b) => {
      if (b instanceof Blob) window.made.push(b);
      return original(b);
    };
  })()`);
  await click();
  const dataUrl = await probe(
    () =>
      page.evaluate<string>(`(async () => {
        const b = window.made[window.made.length - 1];
        if (!b) return '';
        return new Promise((resolve) => {
          const r = new FileReader();
          r.onload = () => resolve(String(r.result));
          r.readAsDataURL(b);
        });
      })()`),
    (u) => u !== '',
    { what, timeoutMs: 60000 },
  );
  if (!dataUrl.startsWith('data:application/pdf;base64,')) throw new Error(`${what} is not a PDF: ${dataUrl.slice(0, 40)}…`);
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}
