import { randomUUID } from 'node:crypto';
import { PayloadOf, PenaltyCaseDecided, PolicyChanged } from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { policyInForce } from '@fd/platform';
import { bootTestService, probe, publishEvent, publishRaw } from '@fd/platform/testing';
import { merchantStream } from './read-models/merchant.read-model';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

const SHANGHAI = 'Asia/Shanghai';

describe("the mall's time zone follows the policy (real PostgreSQL and Kafka)", () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  /** A zone on another calendar day than Shanghai, and both zones' dates, stable for the next minute. */
  let zone: string;
  let zoneToday: string;
  let shanghaiToday: string;

  const policy = (version: number, timeZone: string): PayloadOf<typeof PolicyChanged> => ({
    version,
    returnDays: 7,
    callbackSampleRate: 0.2,
    appealDays: 7,
    timeZone,
  });
  const publishPolicy = (payload: PayloadOf<typeof PolicyChanged>) =>
    publishEvent(svc.runtime.kafka, svc.topicPrefix, PolicyChanged, payload);
  /** The contract refuses to publish an unknown zone, so it goes to Kafka as a broken publisher would send it. */
  const publishUnchecked = (payload: PayloadOf<typeof PolicyChanged>) =>
    publishRaw(
      svc.runtime.kafka,
      svc.runtime.topic(PolicyChanged.topic),
      'policy',
      JSON.stringify({
        id: randomUUID(),
        type: PolicyChanged.type,
        version: PolicyChanged.version,
        streamId: 'policy',
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'test', role: 'system' },
        payload,
      }),
    );
  const keptPolicy = () => policyInForce(svc.runtime.ds, svc.schema);
  const metric = async (pattern: RegExp) => Number(pattern.exec(await (await fetch(`${svc.url}/metrics`)).text())?.[1] ?? 0);
  const policiesHandled = () => metric(/consumer_messages_total\{result="handled",type="PolicyChanged"\} (\d+)/);
  const deadLetters = () => metric(/consumer_dead_letters_total\{[^}]*\} (\d+)/);

  const registerStaff = async (merchantId: string, certificateNo: string): Promise<string> => {
    const r = await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff`, {
      name: '黃師傅',
      phone: '13500004444',
      certificateNo,
      certificateValidUntil: '2030-01-01',
    });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const revoke = (merchantId: string, staffId: string) =>
    api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff/${staffId}/revoke`, { reason: '離職' });

  /**
   * Pago Pago (UTC−11) is on an earlier day than Shanghai (UTC+8) except from 11:00 to 16:00 UTC,
   * and Kiritimati (UTC+14) on a later day from 10:00 to 16:00 UTC: one of them always differs, so a
   * date shows which zone decided it. Only in the minute before Shanghai's midnight does neither do
   * for a whole minute; then wait for that midnight.
   */
  async function aZoneOnAnotherDay() {
    for (;;) {
      const now = await svc.runtime.clock.now();
      const inAMinute = new Date(now.getTime() + 60_000);
      const stable = (z: string) => localDate(now, z) === localDate(inAMinute, z);
      const found = ['Pacific/Pago_Pago', 'Pacific/Kiritimati'].find(
        (z) => stable(z) && stable(SHANGHAI) && localDate(now, z) !== localDate(now, SHANGHAI),
      );
      if (found) return { zone: found, zoneToday: localDate(now, found), shanghaiToday: localDate(now, SHANGHAI) };
      await new Promise((r) => setTimeout(r, 61_000));
    }
  }

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    ({ zone, zoneToday, shanghaiToday } = await aZoneOnAnotherDay());
  });
  afterAll(async () => svc?.stop());

  // In order: the first test runs before any policy, the later ones after it changed.
  let merchantId: string;
  /** The last day of a suspension in force in exactly one of the two zones. */
  let suspendedUntil: string;

  it('beforeAnyPolicy_revocationsAndSuspensionsAreDatedInShanghai', async () => {
    merchantId = await api.registerMerchant('好運地磚', 'J-909', 'tiles');
    const revoked = await revoke(merchantId, await registerStaff(merchantId, 'CERT-0909'));
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revokedOn: shanghaiToday, certificateStatus: 'revoked' });

    suspendedUntil = zoneToday < shanghaiToday ? zoneToday : shanghaiToday;
    const decided: PayloadOf<typeof PenaltyCaseDecided> = {
      caseId: randomUUID(),
      merchantId,
      kind: 'form_not_returned',
      serial: 'F-0909',
      decision: 'uphold',
      reason: 'the form never came back',
      decidedOn: shanghaiToday,
      policyVersion: 1,
      suspendedUntil,
    };
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, PenaltyCaseDecided, decided);
    await probe(
      async () => (await svc.runtime.store.readStream(svc.runtime.ds.manager, merchantStream(merchantId))).length,
      (n) => n === 2,
      { what: 'the suspension to be recorded' },
    );
    const inForceInShanghai = shanghaiToday <= suspendedUntil;
    expect((await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}`)).body.suspendedUntil).toBe(
      inForceInShanghai ? suspendedUntil : undefined,
    );
  });

  it('afterAPolicyChange_aRevocationIsDatedTodayInTheNewZone', async () => {
    await publishPolicy(policy(2, zone));
    await probe(keptPolicy, (p) => p.version === 2, { what: 'the new policy to be kept' });

    const staffId = await registerStaff(merchantId, 'CERT-0910');
    const revoked = await revoke(merchantId, staffId);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedOn).toBe(zoneToday);
    expect(revoked.body.revokedOn).not.toBe(shanghaiToday);
    const listed = (await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}/staff`)).body.items;
    expect(listed.find((s: { id: string }) => s.id === staffId)).toMatchObject({ revokedOn: zoneToday, certificateStatus: 'revoked' });
  });

  it('afterAPolicyChange_aSuspensionIsInForceThroughItsLastDayInTheNewZone', async () => {
    const inForceInTheZone = zoneToday <= suspendedUntil;
    expect((await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}`)).body.suspendedUntil).toBe(
      inForceInTheZone ? suspendedUntil : undefined,
    );
    const purchase = await api.as(tokens.clerk).post('/api/v1/purchases', {
      customer: { name: '吳小姐', phone: '13700005555', address: '建國路 9 號' },
      lines: [{ merchantId, items: [{ description: '地磚', quantity: 20, amountCents: 80000 }], services: [] }],
    });
    expect(purchase.status).toBe(inForceInTheZone ? 422 : 201);
  });

  it('anOlderPolicyOrAnUnknownZone_neverReplacesTheLatest', async () => {
    const [handled, dead] = [await policiesHandled(), await deadLetters()];
    await publishPolicy(policy(1, SHANGHAI)); // late, older
    await publishPolicy(policy(2, SHANGHAI)); // a stale copy of version 2
    await publishUnchecked(policy(3, 'Mars/Olympus_Mons'));
    await probe(policiesHandled, (n) => n === handled + 2, { what: 'the two older policies to be handled' });
    await probe(deadLetters, (n) => n === dead + 1, { what: 'the unknown zone to go to the dead letters' });
    expect(await keptPolicy()).toMatchObject({ version: 2, timeZone: zone });
    expect((await revoke(merchantId, await registerStaff(merchantId, 'CERT-0911'))).body.revokedOn).toBe(zoneToday);
  });
});
