import { envelopeSchema, Envelope } from './envelope';
import { findContractEvent } from './catalog';

export type Validation = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** Checks a raw Kafka value against the envelope and the payload schema of its type and version. */
export function validateMessage(raw: Buffer | string | null): Validation {
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
  const payload = contract.schema.safeParse(env.data.payload);
  if (!payload.success)
    return {
      ok: false,
      reason: `bad ${env.data.type} payload: ${payload.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    };
  return { ok: true, envelope: { ...env.data, payload: payload.data } };
}
