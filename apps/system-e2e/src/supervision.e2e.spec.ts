import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKafka } from '@fd/platform';
import { httpClient, probe, uniqueName } from '@fd/platform/testing';
import { freePort, onDatabaseServer, RunningSystem, SERVICES, ServiceName, startSystem } from '@fd/system';

/**
 * `npm start`'s supervisor (tools/system/system.ts, docs/operations.md "Supervision"): a
 * service that dies or hangs is started again by itself and counted; several instances of a
 * service each run, answer and join their consumer group. Real processes, PostgreSQL and
 * Kafka, on a database and topics of this suite's own.
 */
const ADMIN_PASSWORD = 'supervision-admin-password';

const answers = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
  } catch {
    return 0;
  }
};

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a supervised system', () => {
  const database = uniqueName('fd_supervise');
  const lines: any[] = [];
  const logDir = mkdtempSync(path.join(tmpdir(), 'fd-supervise-'));
  let system: RunningSystem;

  beforeAll(async () => {
    await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`));
    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()])));
    system = await startSystem({
      databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
      topicPrefix: `${database}.`,
      ports,
      logDir,
      instances: { forms: 2 },
      supervise: { probeIntervalMs: 500, probeFailures: 3, initialBackoffMs: 200 },
      log: (line) => lines.push(JSON.parse(line)),
      env: { BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'info' }, // info: each instance's log shows it started
    });
  });

  afterAll(async () => {
    await system?.stop();
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    rmSync(logDir, { recursive: true, force: true });
  });

  /** Waits until the service's process is another than `old` and ready. */
  const servesAgain = (s: ServiceName, old: number, instance = 1) =>
    probe(
      async () => ({ pid: system.pid(s, instance), ready: await answers(`${system.urls(s)[instance - 1]}/health/ready`) }),
      (x) => x.pid !== null && x.pid !== old && x.ready === 200,
      { what: `${s} ${instance} started again by the supervisor`, timeoutMs: 60000 },
    );

  it('aServiceKilledWithSigkill_servesAgainByItself_andTheRestartIsCounted', async () => {
    const old = system.pid('callbacks')!;
    await system.kill('callbacks');
    expect(isRunning(old)).toBe(false);
    await servesAgain('callbacks', old);
    expect(system.restarts().callbacks).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'restarting a service', instance: 'callbacks', restarts: 1 }));
    // and through the public entry point
    const login = await httpClient(`${system.url}/api/v1`).post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    const list = await httpClient(`${system.url}/api/v1`).as(login.body.accessToken).get('/callbacks');
    expect(list.status).toBe(200);
  });

  it('aServiceRestartedAfterSigkill_servesHttpAtOnce_whileItsConsumerWaitsForTheKilledMemberToLeaveItsGroup', async () => {
    const old = system.pid('registration')!;
    await system.kill('registration');
    const url = system.urls('registration')[0];
    // the broker keeps the killed member until its session ends; the new process answers meanwhile
    const early = await probe(
      async () => {
        const ready = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
        return {
          pid: system.pid('registration'),
          live: await answers(`${url}/health/live`),
          ready: ready?.status ?? 0,
          checks: ready ? JSON.stringify(((await ready.json()) as { checks: unknown }).checks) : '',
        };
      },
      (x) => x.pid !== null && x.pid !== old && x.live === 200 && x.ready === 503,
      { what: 'the new registration process live but not yet ready', intervalMs: 20, timeoutMs: 30000 },
    );
    expect(early.checks).toMatch(/not a member/);
    const login = await httpClient(`${system.url}/api/v1`).post('/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
    expect((await httpClient(`${system.url}/api/v1`).as(login.body.accessToken).get('/merchants')).status).toBe(200);
    await servesAgain('registration', old);
  });

  it('aServiceThatHangs_isKilledAndStartedAgain', async () => {
    const old = system.pid('scoring')!;
    process.kill(old, 'SIGSTOP'); // alive as a process, but answers nothing
    await servesAgain('scoring', old);
    expect(isRunning(old)).toBe(false);
    expect(system.restarts().scoring).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'a service stopped answering /health/live; killing it', instance: 'scoring', pid: old }),
    );
  });

  it('twoInstancesOfAService_eachAnswer_joinTheConsumerGroup_andAreAllKnownToTheGateway', async () => {
    const urls = system.urls('forms');
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ service: 'forms', status: 'up' });
    }
    const kafka = createKafka(`supervision-test-${process.pid}`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const group = await probe(
        async () => (await admin.describeGroups([`${database}.forms.consumer`])).groups[0],
        (g) => g.state === 'Stable' && g.members.length === 2,
        { what: 'both forms instances in their consumer group', timeoutMs: 30000 },
      );
      expect(group.members).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
    const gatewayEnv = readFileSync(`/proc/${system.pid('gateway')}/environ`, 'utf8').split('\0');
    expect(gatewayEnv).toContain(`FORMS_URL=${urls.join(',')}`);
    for (const log of ['forms-1.log', 'forms-2.log']) expect(readFileSync(path.join(logDir, log), 'utf8')).toContain('"service":"forms"');
  });

  it('kill_withAnInstance_killsThatOneOnly_andItIsCountedOnItsOwn', async () => {
    const first = system.pid('forms', 1)!;
    const second = system.pid('forms', 2)!;
    await system.kill('forms', 2);
    await servesAgain('forms', second, 2);
    expect(system.pid('forms', 1)).toBe(first);
    expect(system.restarts()).toMatchObject({ 'forms-1': 0, 'forms-2': 1 });
  });

  it('stop_stopsEveryProcess_andRestartsNone', async () => {
    const pids = [...SERVICES.map((s) => system.pid(s, 1)), system.pid('forms', 2)] as number[];
    const before = system.restarts();
    await system.stop();
    await new Promise((r) => setTimeout(r, 1500));
    expect(pids.filter(isRunning)).toEqual([]);
    expect(system.restarts()).toEqual(before);
    expect(SERVICES.map((s) => system.pid(s))).toEqual(SERVICES.map(() => null));
  });
});
