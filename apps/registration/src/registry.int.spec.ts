import { MerchantRegistered, StaffCertificateRevoked, StaffRegistered, Topics } from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { bootTestService, probe, TopicTap } from '@fd/platform/testing';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

describe('registry: merchants and their certified staff (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let tap: TopicTap;

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    tap = await TopicTap.open(svc.runtime.kafka, [svc.topicPrefix + Topics.merchants]);
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  it('registerMerchant_asAdmin_isListedAndPublished', async () => {
    const created = await api.as(tokens.admin).post('/api/v1/merchants', { name: '美家地板', stall: 'A-101', category: 'flooring' });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const list = await api.as(tokens.clerk).get('/api/v1/merchants');
    expect(list.body.items).toContainEqual(expect.objectContaining({ id, name: '美家地板', stall: 'A-101', category: 'flooring' }));
    expect(list.body.items.find((m: { id: string }) => m.id === id)).not.toHaveProperty('suspendedUntil');
    expect((await api.as(tokens.admin).get(`/api/v1/merchants/${id}`)).body).toMatchObject({ id, name: '美家地板' });

    await tap.waitFor('MerchantRegistered', (t) => t.envelopes(MerchantRegistered.type).some((e) => e.streamId === id));
    const [published] = tap.envelopes(MerchantRegistered.type).filter((e) => e.streamId === id);
    // with the mall's short number, the one the card and the form print
    const number = list.body.items.find((m: { id: string }) => m.id === id).number;
    expect(number).toMatch(/^M-\d{4,}$/);
    expect(published.payload).toEqual({ merchantId: id, name: '美家地板', stall: 'A-101', category: 'flooring', number });
  });

  it('registerMerchant_byAClerk_isForbidden', async () => {
    const r = await api.as(tokens.clerk).post('/api/v1/merchants', { name: 'x', stall: 'x', category: 'x' });
    expect(r.status).toBe(403);
  });

  it('registerMerchant_withBlankFields_namesEachAndWritesNothing', async () => {
    const before = await api.written();
    const r = await api.as(tokens.admin).post('/api/v1/merchants', { name: '  ', category: 'tiles' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'stall']);
    expect(await api.written()).toEqual(before);
  });

  it('aMerchant_seesOnlyItself', async () => {
    const mine = await api.registerMerchant('安心門窗', 'B-202', 'doors');
    const other = await api.registerMerchant('亮光燈飾', 'C-303', 'lighting');
    const list = await api.as(tokens.merchant(mine)).get('/api/v1/merchants');
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([mine]);
    expect((await api.as(tokens.merchant(mine)).get(`/api/v1/merchants/${other}`)).status).toBe(403);
    expect((await api.as(tokens.clerk).get('/api/v1/merchants/no-such-merchant')).body).toMatchObject({
      status: 404,
      code: 'MERCHANT_NOT_FOUND',
    });
  });

  it('registerStaff_isPublished_andListedWithThePhoneMaskedForTheMerchant', async () => {
    const merchantId = await api.registerMerchant('好家具', 'D-404', 'furniture');
    const r = await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff`, {
      name: '王師傅',
      phone: '13812345678',
      certificateNo: 'CERT-0001',
      certificateValidUntil: '2030-06-30',
    });
    expect(r.status).toBe(201);
    const staffId = r.body.id;

    await tap.waitFor('StaffRegistered', (t) =>
      t.envelopes(StaffRegistered.type).some((e) => (e.payload as { staffId: string }).staffId === staffId),
    );
    const published = tap.envelopes(StaffRegistered.type).find((e) => (e.payload as { staffId: string }).staffId === staffId)!;
    expect(published.payload).toEqual({
      merchantId,
      staffId,
      name: '王師傅',
      certificateNo: 'CERT-0001',
      certificateValidUntil: '2030-06-30',
    });
    expect(published.streamId).toBe(merchantId);

    const forClerk = await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}/staff`);
    expect(forClerk.body.items).toEqual([
      expect.objectContaining({ id: staffId, merchantId, phone: '13812345678', certificateNo: 'CERT-0001', certificateStatus: 'valid' }),
    ]);
    const forMerchant = await api.as(tokens.merchant(merchantId)).get(`/api/v1/merchants/${merchantId}/staff`);
    expect(forMerchant.body.items[0].phone).toBe('138****5678');
    const otherMerchant = await api.registerMerchant('別家', 'D-405');
    expect((await api.as(tokens.merchant(otherMerchant)).get(`/api/v1/merchants/${merchantId}/staff`)).status).toBe(403);
  });

  it('registerStaff_forAnUnknownMerchant_isNotFound', async () => {
    const r = await api.as(tokens.clerk).post('/api/v1/merchants/no-such-merchant/staff', {
      name: '李師傅',
      phone: '13900001111',
      certificateNo: 'CERT-0002',
      certificateValidUntil: '2030-01-01',
    });
    expect(r.body).toMatchObject({ status: 404, code: 'MERCHANT_NOT_FOUND' });
    expect((await api.as(tokens.clerk).get('/api/v1/merchants/no-such-merchant/staff')).status).toBe(404);
  });

  it('registerStaff_withABadPhoneAndDate_namesBoth', async () => {
    const merchantId = await api.registerMerchant('好瓷磚', 'E-505', 'tiles');
    const r = await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff`, {
      name: '趙師傅',
      phone: '138-1234-5678',
      certificateNo: 'CERT-3',
      certificateValidUntil: '2030-13-01',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['certificateValidUntil', 'phone']);
  });

  it('revokeCertificate_isPublishedDatedToday_andRevokingTwiceIsAConflict', async () => {
    const merchantId = await api.registerMerchant('陽光衛浴', 'F-606', 'bathroom');
    const staffId = (
      await api.as(tokens.admin).post(`/api/v1/merchants/${merchantId}/staff`, {
        name: '陳師傅',
        phone: '13700002222',
        certificateNo: 'CERT-0004',
        certificateValidUntil: '2030-01-01',
      })
    ).body.id;
    const today = localDate(await svc.runtime.clock.now());

    const revoked = await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff/${staffId}/revoke`, { reason: '證件造假' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: staffId, certificateStatus: 'revoked', revokedOn: today, revokeReason: '證件造假' });

    await tap.waitFor('StaffCertificateRevoked', (t) =>
      t.envelopes(StaffCertificateRevoked.type).some((e) => (e.payload as { staffId: string }).staffId === staffId),
    );
    const published = tap.envelopes(StaffCertificateRevoked.type).find((e) => (e.payload as { staffId: string }).staffId === staffId)!;
    expect(published.payload).toEqual({ merchantId, staffId, reason: '證件造假', revokedOn: today });

    const again = await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff/${staffId}/revoke`, { reason: 'again' });
    expect(again.body).toMatchObject({ status: 409, code: 'CERTIFICATE_ALREADY_REVOKED' });
    expect(tap.envelopes(StaffCertificateRevoked.type).filter((e) => (e.payload as { staffId: string }).staffId === staffId)).toHaveLength(
      1,
    );

    const elsewhere = await api.registerMerchant('別家衛浴', 'F-607');
    const wrongMerchant = await api.as(tokens.clerk).post(`/api/v1/merchants/${elsewhere}/staff/${staffId}/revoke`, { reason: 'x' });
    expect(wrongMerchant.body).toMatchObject({ status: 404, code: 'STAFF_NOT_FOUND' });
  });

  describe('one registration per certificate in the whole mall', () => {
    const staffMember = (name: string, certificateNo: string, certificateValidUntil = '2030-01-01') => ({
      name,
      phone: '13600003333',
      certificateNo,
      certificateValidUntil,
    });
    const registerStaff = (merchantId: string, body: ReturnType<typeof staffMember>) =>
      api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff`, body);

    it('registerStaff_aCertificateInForceForTheMerchant_isRefusedNamingTheHolder_andRegisteredAgainAfterRevocation', async () => {
      const merchantId = await api.registerMerchant('金牌櫥櫃', 'G-707', 'kitchen');
      const first = await registerStaff(merchantId, staffMember('劉師傅', 'CERT-0707'));
      expect(first.status).toBe(201);

      const before = await api.written();
      const twice = await registerStaff(merchantId, staffMember('劉大偉', 'CERT-0707'));
      expect(twice.body).toMatchObject({ status: 409, code: 'CERTIFICATE_ALREADY_REGISTERED' });
      expect(twice.body.detail).toContain('劉師傅');
      expect(twice.body.detail).toContain(first.body.id);
      expect(await api.written()).toEqual(before);

      // example R3: the same number typed otherwise, here or at another merchant, is the same certificate
      expect((await registerStaff(merchantId, staffMember('劉師傅', 'cert 0707'))).body).toMatchObject({ status: 409 });
      const elsewhere = await api.registerMerchant('銀牌櫥櫃', 'G-708', 'kitchen');
      const beforeLending = await api.written();
      const lent = await registerStaff(elsewhere, staffMember('劉師傅', 'ＣＥＲＴ－０７０７'));
      expect(lent.body).toMatchObject({ status: 409, code: 'CERTIFICATE_ALREADY_REGISTERED' });
      expect(lent.body.detail).toContain(merchantId);
      expect(await api.written()).toEqual(beforeLending);

      // the certificate was renewed: the desk revokes the old registration and registers the renewed one
      await api.as(tokens.clerk).post(`/api/v1/merchants/${merchantId}/staff/${first.body.id}/revoke`, { reason: '證件已換新' });
      const renewed = await registerStaff(merchantId, staffMember('劉師傅', ' cert-0707 ', '2032-01-01'));
      expect(renewed.status).toBe(201);
      const listed = (await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}/staff`)).body.items;
      expect(listed.map((s: { id: string; certificateStatus: string }) => [s.id, s.certificateStatus]).sort()).toEqual(
        [
          [first.body.id, 'revoked'],
          [renewed.body.id, 'valid'],
        ].sort(),
      );
      // kept as typed, in upper case: what is printed and listed
      expect(listed.find((s: { id: string }) => s.id === renewed.body.id).certificateNo).toBe('CERT-0707');
    });

    it('exampleR3_aCertificateRevokedAtOneMerchant_canBeRegisteredAtAnother', async () => {
      const first = await api.registerMerchant('舊東家', 'G-709', 'kitchen');
      const next = await api.registerMerchant('新東家', 'G-710', 'kitchen');
      const wang = await registerStaff(first, staffMember('王師傅', 'SG-0012'));
      expect((await registerStaff(next, staffMember('王師傅', 'sg 0012'))).status).toBe(409);
      await api.as(tokens.clerk).post(`/api/v1/merchants/${first}/staff/${wang.body.id}/revoke`, { reason: '離職' });
      expect((await registerStaff(next, staffMember('王師傅', 'sg 0012'))).status).toBe(201);
    });

    it('registerStaff_twoClerksAtOnceWithOneCertificate_registerItOnce', async () => {
      const merchantId = await api.registerMerchant('永固五金', 'H-808', 'hardware');
      const { ds, schema } = svc.runtime;
      // Hold back every write to the staff table, so both requests have looked for a holder
      // (and found none) before either writes: the moment two clerks could both pass.
      const gate = ds.createQueryRunner();
      await gate.connect();
      await gate.startTransaction();
      await gate.query(`LOCK TABLE "${schema}".staff IN SHARE MODE`);
      const [{ gatePid }] = await gate.query('SELECT pg_backend_pid() AS "gatePid"');
      const before = await api.written();
      const answers = Promise.all([
        registerStaff(merchantId, staffMember('周師傅', 'CERT-0808')),
        registerStaff(merchantId, staffMember('周志強', 'CERT-0808')),
      ]);
      try {
        // both are held back, by the gate or by a transaction the gate holds back
        await probe(
          async () =>
            (
              await ds.query(
                `WITH RECURSIVE held(pid) AS (
                   SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))
                   UNION SELECT a.pid FROM pg_stat_activity a JOIN held h ON h.pid = ANY (pg_blocking_pids(a.pid)))
                 SELECT count(*)::int AS n FROM held`,
                [gatePid],
              )
            )[0].n,
          (held) => held === 2,
          { what: 'both registrations to be held back' },
        );
      } finally {
        await gate.rollbackTransaction();
        await gate.release();
      }

      const [a, b] = await answers;
      const [won, lost] = a.status === 201 ? [a, b] : [b, a];
      expect(won.status).toBe(201);
      expect(lost.body).toMatchObject({ status: 409, code: 'CERTIFICATE_ALREADY_REGISTERED' });
      expect(lost.body.detail).toContain(won.body.id);
      const listed = (await api.as(tokens.clerk).get(`/api/v1/merchants/${merchantId}/staff`)).body.items;
      expect(listed.map((s: { id: string }) => s.id)).toEqual([won.body.id]);
      const after = await api.written();
      expect(after.events - before.events).toBe(1); // one StaffRegistered, nothing of the refused one
      expect(after.outbox - before.outbox).toBe(1);
    });
  });
});
