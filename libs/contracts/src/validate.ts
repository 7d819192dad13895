import { envelopeSchema, Envelope } from './envelope';
import { findContractEvent } from './catalog';
import { findOlderVersion, upcast } from './upcast';

export type Validation = { ok: true; envelope: Envelope } | { ok: false; reason: string };

const issuesOf = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  e.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

/**
 * Checks a raw Kafka value against the envelope and the payload schema of its type and version,
 * and, given the topic it came from, that events of its type belong there: anyone who can write
 * to one topic must not be able to pass off another service's event (a `PenaltyCaseDecided` on
 * `forms.v1`). The topic may carry a prefix (`<prefix>.forms.v1`).
 *
 * A message of an older version is checked against that version's schema, then lifted to the
 * current one (upcast.ts) and checked again: a consumer only ever sees the current version.
 */
export function validateMessage(raw: Buffer | string | null, topic?: string): Validation {
  if (raw == null) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const env = envelopeSchema.safeParse(json);
  if (!env.success) return { ok: false, reason: `bad envelope: ${issuesOf(env.error)}` };
  const { type, version } = env.data;
  const contract = findContractEvent(type, version) ?? findOlderVersion(type, version);
  if (!contract) return { ok: false, reason: `unknown event type ${type} v${version}` };
  if (topic !== undefined && topic !== contract.topic && !topic.endsWith(`.${contract.topic}`))
    return { ok: false, reason: `${type} does not belong on ${topic} (its topic is ${contract.topic})` };
  const payload = contract.schema.safeParse(env.data.payload);
  if (!payload.success) return { ok: false, reason: `bad ${type} payload: ${issuesOf(payload.error)}` };
  const lifted = upcast(type, version, payload.data);
  if (lifted.version === version) return { ok: true, envelope: { ...env.data, payload: payload.data } };
  const current = findContractEvent(type, lifted.version)?.schema.safeParse(lifted.payload);
  if (!current?.success)
    return {
      ok: false,
      reason: `${type} v${version} does not upcast to v${lifted.version}: ${current ? issuesOf(current.error) : 'no such version'}`,
    };
  return { ok: true, envelope: { ...env.data, version: lifted.version, payload: current.data } };
}
