import http from 'node:http';
import { bootTestService, httpClient, testToken, uniqueName } from '@fd/platform/testing';
import { gatewayService } from '../gateway.service-def';

/** A sign-in from a given client address (the loopback network has many: 127.0.0.2 is another device). */
function loginFrom(url: string, address: string, username: string, password: string): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/v1/auth/login`,
      {
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('sign-in, sessions and accounts at the entry point (real PostgreSQL and Kafka)', () => {
  let gw: Awaited<ReturnType<typeof bootTestService>>;
  const adminPassword = 'bootstrap-admin-password';
  let admin: ReturnType<typeof httpClient>;
  const saved = { ...process.env };

  const api = (token?: string) => httpClient(`${gw.url}/api/v1`, token);
  const login = (username: string, password: string) => api().post('/auth/login', { username, password });
  const newClerk = async (password = 'clerk-password-1') => {
    const username = uniqueName('c');
    expect((await admin.post('/users', { username, password, role: 'clerk' })).status).toBe(201);
    return username;
  };
  const tokenOf = async (username: string, password = 'clerk-password-1') => {
    const r = await login(username, password);
    expect(r.status).toBe(200);
    return r.body.accessToken as string;
  };
  const attempts = () => `"${gw.schema}".sign_in_attempts`;

  beforeAll(async () => {
    process.env.BOOTSTRAP_ADMIN_PASSWORD = adminPassword;
    process.env.GATEWAY_MAX_SIGN_INS = '64'; // this suite is about the throttle, not about back-pressure
    for (const s of ['REGISTRATION', 'FORMS', 'CALLBACKS', 'SCORING']) process.env[`${s}_URL`] = 'http://127.0.0.1:9';
    gw = await bootTestService(gatewayService);
    admin = api(await tokenOf('admin', adminPassword));
  });
  afterAll(async () => {
    process.env = saved;
    await gw?.stop();
  });

  describe('sign-in throttling', () => {
    it('thirtyParallelWrongPasswords_areCountedBeforeTheCheck_soOnlyFiveAreEvaluated', async () => {
      const username = await newClerk();
      const answers = await Promise.all(Array.from({ length: 30 }, () => loginFrom(gw.url, '127.0.0.2', username, 'wrong-password')));
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(25);
      expect(answers.find((a) => a.status === 429)!.body.code).toBe('TOO_MANY_ATTEMPTS');
    });

    it('aLockedClient_isRefusedEvenWithTheRightPassword_withRetryAfter', async () => {
      const username = await newClerk();
      for (let i = 0; i < 5; i++) expect((await login(username, 'wrong-password')).status).toBe(401);
      const r = await fetch(`${gw.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'clerk-password-1' }),
      });
      await gw.runtime.ds.query(`DELETE FROM ${attempts()} WHERE address = '127.0.0.1' AND username = ''`); // the other tests sign in from here
      expect(r.status).toBe(429);
      // the longest wait is the burst times the leak: no one is locked out for days
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(r.headers.get('retry-after'))).toBeLessThanOrEqual(5 * 60);
    });

    it('aStrangersFailuresAsAdmin_doNotLockTheAdministratorOut_fromAnotherDevice', async () => {
      for (let i = 0; i < 8; i++) await loginFrom(gw.url, '127.0.0.3', 'admin', 'guessing-the-password');
      expect((await loginFrom(gw.url, '127.0.0.3', 'admin', adminPassword)).status).toBe(429);
      const real = await loginFrom(gw.url, '127.0.0.4', 'admin', adminPassword);
      expect(real.status).toBe(200);
      expect(real.body.role).toBe('admin');
    });

    it('onePasswordTriedAcrossManyUsernames_isLimitedPerClientAddress', async () => {
      const answers = [];
      const started = Date.now();
      for (let i = 0; i < 35; i++) answers.push((await loginFrom(gw.url, '127.0.0.5', uniqueName('nobody'), 'Password123!')).status);
      expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
      // the address's bucket lets one more attempt in every 10 s: a slow machine may have earned some
      const leaked = Math.floor((Date.now() - started) / 10_000);
      expect(answers.slice(30).filter((s) => s === 429).length).toBeGreaterThanOrEqual(5 - leaked);
      expect(answers.slice(30).every((s) => s === 429 || s === 401)).toBe(true);
    });

    it('aLockEndsByItself_asTheAttemptsLeakAway', async () => {
      const username = await newClerk();
      for (let i = 0; i < 6; i++) await loginFrom(gw.url, '127.0.0.6', username, 'wrong-password');
      expect((await loginFrom(gw.url, '127.0.0.6', username, 'clerk-password-1')).status).toBe(429);
      await gw.runtime.ds.query(`UPDATE ${attempts()} SET at = at - interval '10 minutes' WHERE username = $1`, [username]);
      expect((await loginFrom(gw.url, '127.0.0.6', username, 'clerk-password-1')).status).toBe(200);
    });

    it('theAdministration_unlocksAUsername_andTheUnlockIsAudited', async () => {
      const username = await newClerk();
      for (let i = 0; i < 6; i++) await loginFrom(gw.url, '127.0.0.7', username, 'wrong-password');
      expect((await admin.get('/users')).body.items.find((u: { username: string }) => u.username === username)).toMatchObject({
        recentFailedSignIns: true,
      });
      const r = await admin.post(`/users/${username}/unlock`);
      expect(r.status).toBe(200);
      expect(r.body.locksLifted).toBeGreaterThan(0);
      expect((await loginFrom(gw.url, '127.0.0.7', username, 'clerk-password-1')).status).toBe(200);
      const audit = (await admin.get('/audit?limit=20')).body.items;
      expect(audit).toContainEqual(
        expect.objectContaining({ type: 'SignInUnlocked', by: 'admin', data: expect.objectContaining({ username }) }),
      );
    });
  });

  describe('sessions', () => {
    it('signingOut_endsTheSessionOnTheServer_theTokenIsRefusedFromTheNextRequest', async () => {
      const username = await newClerk();
      const token = await tokenOf(username);
      expect((await api(token).get('/auth/me')).status).toBe(200);
      expect((await api(token).post('/auth/logout')).status).toBe(204);
      const after = await api(token).get('/auth/me');
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('SESSION_ENDED');
      // and forwarded requests too: the session is checked before anything reaches a service
      expect((await api(token).get('/forms')).body.code).toBe('SESSION_ENDED');
    });

    it('aDisabledAccount_losesEverySessionAtOnce_andCannotSignIn_untilEnabled', async () => {
      const username = await newClerk();
      const token = await tokenOf(username);
      const disabled = await admin.post(`/users/${username}/disable`);
      expect(disabled.status).toBe(200);
      expect((await api(token).get('/auth/me')).body.code).toBe('SESSION_ENDED');
      const refused = await login(username, 'clerk-password-1');
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('ACCOUNT_DISABLED');
      expect((await admin.get('/users')).body.items.find((u: { username: string }) => u.username === username).disabled).toBe(true);
      expect((await admin.post(`/users/${username}/enable`)).status).toBe(200);
      expect((await login(username, 'clerk-password-1')).status).toBe(200);
    });

    it('anAdministrator_cannotDisableTheirOwnAccount', async () => {
      const r = await admin.post('/users/admin/disable');
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('CANNOT_DISABLE_SELF');
      expect((await admin.get('/auth/me')).status).toBe(200);
    });

    it('changingOnesPassword_endsOtherSessions_keepsThisOne_andOnlyTheNewPasswordWorks', async () => {
      const username = await newClerk();
      const here = await tokenOf(username);
      const elsewhere = await tokenOf(username);
      const wrong = await api(here).post('/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-2' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('WRONG_PASSWORD');
      const weak = await api(here).post('/auth/password', { currentPassword: 'clerk-password-1', newPassword: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.errors[0].field).toBe('newPassword');
      expect(
        (await api(here).post('/auth/password', { currentPassword: 'clerk-password-1', newPassword: 'a-new-password-2' })).status,
      ).toBe(204);
      expect((await api(here).get('/auth/me')).status).toBe(200);
      expect((await api(elsewhere).get('/auth/me')).body.code).toBe('SESSION_ENDED');
      expect((await login(username, 'clerk-password-1')).status).toBe(401);
      expect((await login(username, 'a-new-password-2')).status).toBe(200);
    });

    it('anAdministratorsReset_endsEverySessionOfTheAccount_andTheNewPasswordWorks', async () => {
      const username = await newClerk();
      const token = await tokenOf(username);
      expect((await admin.post(`/users/${username}/password`, { newPassword: 'reset-by-the-office-3' })).status).toBe(204);
      expect((await api(token).get('/auth/me')).body.code).toBe('SESSION_ENDED');
      expect((await login(username, 'reset-by-the-office-3')).status).toBe(200);
    });

    it('aServiceToken_isNoUseAtTheEntryPoint_andASessionTokenWithoutASession_neither', async () => {
      const forged = [
        testToken({ sub: 'admin-1', username: 'admin', role: 'admin' }), // what a service takes
        testToken(
          { sub: 'admin-1', username: 'admin', role: 'admin', sid: '00000000-0000-4000-8000-000000000000' },
          { ttlSeconds: 3600, audience: 'session' },
        ),
      ];
      const answers = await Promise.all(forged.map((t) => api(t).get('/users')));
      expect(answers.map((a) => [a.status, a.body.code])).toEqual([
        [401, 'BAD_TOKEN'],
        [401, 'SESSION_ENDED'],
      ]);
    });
  });

  describe('accounts', () => {
    it('aPasswordOfOneOrTwoRepeatedCharacters_isRefused', async () => {
      const username = uniqueName('p');
      const repeated = await admin.post('/users', { username, password: 'abababababab', role: 'clerk' });
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    });

    it('everyAccountChange_isInTheAuditLog_newestFirst_withWhoMadeIt', async () => {
      const username = await newClerk();
      const token = await tokenOf(username);
      await admin.post(`/users/${username}/disable`);
      await admin.post(`/users/${username}/enable`);
      await admin.post(`/users/${username}/password`, { newPassword: 'reset-by-the-office-4' });
      const mine = await tokenOf(username, 'reset-by-the-office-4');
      await api(mine).post('/auth/password', { currentPassword: 'reset-by-the-office-4', newPassword: 'chosen-by-myself-5' });
      await api(mine).post('/auth/logout');
      const page = await admin.get('/audit?limit=200');
      const about = page.body.items.filter((e: { data: { username?: string } }) => e.data.username === username);
      expect(about.map((e: { type: string; by: string }) => [e.type, e.by])).toEqual([
        ['SignedOut', username],
        ['PasswordChanged', username],
        ['PasswordReset', 'admin'],
        ['AccountEnabled', 'admin'],
        ['AccountDisabled', 'admin'],
        ['AccountCreated', 'admin'],
      ]);
      expect(about[4].data.sessionsEnded).toBe(1); // the session of `token`
      expect(token).toBeTruthy();
      // a clerk does not read it
      expect((await api(mine).get('/audit')).status).toBe(401); // signed out a moment ago
      expect((await api(await tokenOf(username, 'chosen-by-myself-5')).get('/audit')).status).toBe(403);
    });

    it('theAuditLog_pagesBackwards', async () => {
      const first = await admin.get('/audit?limit=2');
      expect(first.body.items).toHaveLength(2);
      const next = await admin.get(`/audit?limit=2&before=${first.body.nextBefore}`);
      expect(next.body.items[0].position).toBeLessThan(first.body.items[1].position);
    });
  });

  it('aWeakBootstrapPassword_stopsTheEntryPointAtStart', async () => {
    process.env.BOOTSTRAP_ADMIN_PASSWORD = 'admin';
    try {
      await expect(bootTestService(gatewayService)).rejects.toThrow(/BOOTSTRAP_ADMIN_PASSWORD does not meet the password policy/);
    } finally {
      process.env.BOOTSTRAP_ADMIN_PASSWORD = adminPassword;
    }
  });
});
