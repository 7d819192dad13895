import { envelopeSchema, Envelope } from './envelope';
import { findContractEvent } from './catalog';

export type Validation = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/**
 * Checks a raw Kafka value against the envelope and the payload schema of its type and version,
 * and, given the topic it came from, that events of its type belong there: anyone who can write
 * to one topic must not be able to pass off another service's event (a `PenaltyCaseDecided` on
 * `forms.v1`). The topic may carry a prefix (`<prefix>.forms.v1`).
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
  if (!env.success)
    return { ok: false, reason: `bad envelope: ${env.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const contract = findContractEvent(env.data.type, env.data.version);
  if (!contract) return { ok: false, reason: `unknown event type ${env.data.type} v${env.data.version}` };
  if (topic !== undefined && topic !== contract.topic && !topic.endsWith(`.${contract.topic}`))
    return { ok: false, reason: `${env.data.type} does not belong on ${topic} (its topic is ${contract.topic})` };
  const payload = contract.schema.safeParse(env.data.payload);
  if (!payload.success)
    return {
      ok: false,
      reason: `bad ${env.data.type} payload: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    };
  return { ok: true, envelope: { ...env.data, payload: payload.data } };
}
