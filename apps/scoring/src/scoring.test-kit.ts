import {
  ContractEvent,
  Envelope,
  FindingRecorded,
  FormFiled,
  FormForged,
  FormIssued,
  FormOverdue,
  FormRatingReplaced,
  FormReportedMissing,
  FormRescheduled,
  FormVerified,
  FormVoided,
  MerchantRegistered,
  PayloadOf,
  Rating,
} from '@fd/contracts';
import { addDays } from '@fd/kernel';
import { bootTestService, httpClient, probe, publishEvent, testToken } from '@fd/platform/testing';
import type { z } from 'zod';

/** For the integration suites: tokens per role, an API client, and the upstream events the scoring consumes. */
export type Service = Awaited<ReturnType<typeof bootTestService>>;

export const tokens = {
  admin: testToken({ sub: 'admin-1', username: 'admin', role: 'admin' }),
  clerk: testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' }),
  merchant: (merchantId: string) => testToken({ sub: `u-${merchantId}`, username: merchantId, role: 'merchant', merchantId }),
};

export const api = (svc: Service, token: string) => httpClient(`${svc.url}/api/v1`, token);

/** An upstream event to publish: its contract, its payload, and optionally when it happened or a message id. */
export type Upstream = { contract: ContractEvent<string, z.ZodTypeAny>; payload: unknown; now?: Date; id?: string };
const up = <E extends ContractEvent<string, z.ZodTypeAny>>(contract: E, payload: PayloadOf<E>, opts: { now?: Date } = {}): Upstream => ({
  contract,
  payload,
  ...opts,
});

/** The events the forms, callbacks and registration services would announce about one merchant's forms. */
export function upstream(merchantId: string, plannedDate = '2026-10-05') {
  const ref = (serial: string, planned = plannedDate) => ({ serial, merchantId, plannedDate: planned });
  return {
    registered: (name: string, stall: string) => up(MerchantRegistered, { merchantId, name, stall, category: 'flooring' }),
    issued: (serial: string, planned = plannedDate) =>
      up(FormIssued, {
        ...ref(serial, planned),
        purchaseId: `P-${serial}`,
        cardNo: `C-${serial}`,
        serviceType: 'install',
        visit: 1,
        dueDate: addDays(planned, 7),
        issuedAt: `${planned}T01:00:00.000Z`,
      }),
    filed: (serial: string, rating: Rating, opts: { staffCertified?: boolean; late?: boolean } = {}) =>
      up(FormFiled, {
        ...ref(serial),
        rating,
        staffId: 'staff-1',
        staffCertified: opts.staffCertified ?? true,
        ...(opts.staffCertified === false ? { uncertifiedReason: 'staff_unknown' as const } : {}),
        servicedOn: plannedDate,
        filedAt: `${addDays(plannedDate, 1)}T02:00:00.000Z`,
        late: opts.late ?? false,
      }),
    voided: (serial: string) => up(FormVoided, { ...ref(serial), reason: 'the customer cancelled the installation' }),
    overdue: (serial: string, opts: { now?: Date; planned?: string } = {}) =>
      up(FormOverdue, { ...ref(serial, opts.planned), dueDate: addDays(opts.planned ?? plannedDate, 7) }, opts),
    rescheduled: (serial: string, from: string, to: string) =>
      up(FormRescheduled, { ...ref(serial, to), previousPlannedDate: from, dueDate: addDays(to, 7), callbackId: `CB-${serial}` }),
    replaced: (serial: string, previousRating: Rating, rating: Rating) =>
      up(FormRatingReplaced, { ...ref(serial), previousRating, rating, callbackId: `CB-${serial}` }),
    verified: (serial: string) => up(FormVerified, { ...ref(serial), callbackId: `CB-${serial}` }),
    forged: (serial: string, cause: 'signature_denied' | 'rating_disputed') =>
      up(FormForged, { ...ref(serial), cause, callbackId: `CB-${serial}` }),
    reportedMissing: (serial: string) => up(FormReportedMissing, { ...ref(serial), callbackId: `CB-${serial}` }),
    finding: (findingId: string, opts: { servicedOn?: string; recordedOn: string }) =>
      up(FindingRecorded, {
        findingId,
        merchantId,
        kind: 'service_without_form',
        note: 'an inspection found an installation without a form',
        ...opts,
      }),
  };
}

/** Publishes events one after another, as the upstream services would. */
export async function publish(svc: Service, events: Upstream[]): Promise<Envelope[]> {
  const sent: Envelope[] = [];
  for (const e of events)
    sent.push(await publishEvent(svc.runtime.kafka, svc.topicPrefix, e.contract, e.payload, { now: e.now, id: e.id }));
  return sent;
}

/** Waits until the service has handled these messages (their ids are in its inbox): orders steps, asserts nothing. */
export async function handled(svc: Service, envelopes: Envelope[]): Promise<void> {
  const ids = envelopes.map((e) => e.id);
  await probe(
    async () => (await svc.runtime.ds.query(`SELECT count(*)::int AS n FROM "${svc.schema}".inbox WHERE message_id = ANY($1)`, [ids]))[0].n,
    (n) => n === new Set(ids).size,
    { what: `${ids.length} messages to be handled`, timeoutMs: 60000 },
  );
}

/** Publishes and waits until all are handled. */
export async function deliver(svc: Service, events: Upstream[]): Promise<Envelope[]> {
  const sent = await publish(svc, events);
  await handled(svc, sent);
  return sent;
}
