import { z } from 'zod';
import { isoDate, isoDateTime } from './envelope';
import { opinionCategoryOfText, opinionChannels } from '@fd/api';
import { ContractEvent, contractEvents, FormFiled, OpinionRegistered, ratingSchema } from './catalog';

/**
 * A version of a contract event that producers no longer write but that may still be read: on
 * Kafka (a message written before the upgrade, a dead letter replayed) or in a store that keeps
 * contract events (the scoring service's log). It keeps its schema as it was, and `up` lifts one
 * of its payloads to the next version. docs/architecture.md, "Events over time".
 */
export type OlderVersion<T extends string = string, S extends z.ZodTypeAny = z.ZodTypeAny> = ContractEvent<T, S> & {
  up(payload: z.infer<S>): unknown;
};

/** The version before `next` (the catalogue's current one, or another older version), with its upcaster to `next`. */
function versionBefore<T extends string, N extends z.ZodTypeAny, S extends z.ZodTypeAny>(
  next: ContractEvent<T, N>,
  schema: S,
  up: (payload: z.infer<S>) => z.infer<N>,
): OlderVersion<T, S> {
  return { type: next.type, version: next.version - 1, topic: next.topic, schema, up, key: (p) => next.key(up(p)) };
}

/** FormFiled v1, as it was published until v2: no reason for an uncertified filing. Frozen: never edit an older version. */
export const FormFiledV1 = versionBefore(
  FormFiled,
  z.object({
    serial: z.string(),
    merchantId: z.string(),
    plannedDate: isoDate,
    rating: ratingSchema,
    staffId: z.string(),
    staffCertified: z.boolean(),
    servicedOn: isoDate,
    filedAt: isoDateTime,
    late: z.boolean(),
  }),
  // what was not said cannot be made up: an uncertified v1 filing's reason is `not_recorded`
  (p) => (p.staffCertified ? p : { ...p, uncertifiedReason: 'not_recorded' as const }),
);

/**
 * OpinionRegistered v1, as it was published until v2: the category free text. Frozen. Lifted to
 * the managed list's code: a built-in label in any language is its code, anything else `other`
 * with the text kept as `categoryText`.
 */
export const OpinionRegisteredV1 = versionBefore(
  OpinionRegistered,
  z.object({
    opinionId: z.string(),
    channel: z.enum(opinionChannels),
    category: z.string(),
    merchantId: z.string().optional(),
    text: z.string(),
    registeredOn: isoDate,
  }),
  ({ category, ...p }) => ({ ...p, ...opinionCategoryOfText(category) }),
);

/** What the registry keeps of an older version: enough to check a payload of it and lift it. */
export interface Upcaster {
  type: string;
  version: number;
  topic: string;
  schema: z.ZodTypeAny;
  /** Takes a payload of this version (checked against `schema`, or stored when it was current). */
  up: (payload: unknown) => unknown;
}

const upcaster = <S extends z.ZodTypeAny>(o: OlderVersion<string, S>): Upcaster => ({
  type: o.type,
  version: o.version,
  topic: o.topic,
  schema: o.schema,
  up: (p) => o.up(p as z.infer<S>),
});

/** Every older version still read. */
export const olderVersions: readonly Upcaster[] = [upcaster(FormFiledV1), upcaster(OpinionRegisteredV1)];

const olderByTypeAndVersion = new Map<string, Upcaster>(olderVersions.map((o) => [`${o.type}@${o.version}`, o]));
const currentByType = new Map<string, number>(contractEvents.map((e) => [e.type, e.version]));

/** An older version of a contract event that is still read, if `version` is one. */
export function findOlderVersion(type: string, version: number): Upcaster | undefined {
  return olderByTypeAndVersion.get(`${type}@${version}`);
}

/** The version producers write of a contract event type (undefined for a type that is none). */
export function currentVersion(type: string): number | undefined {
  return currentByType.get(type);
}

/**
 * Lifts a payload of `type` at `version` to the current version, one upcaster after the other.
 * The current version, and anything that is not an older contract version, comes back as it
 * is. It does not validate: a consumer validates what arrives before and after
 * (validateMessage); a store holds what was valid when it was written.
 */
export function upcast(type: string, version: number, payload: unknown): { version: number; payload: unknown } {
  let v = version;
  let p = payload;
  for (let step = findOlderVersion(type, v); step; step = findOlderVersion(type, v)) {
    p = step.up(p);
    v = step.version + 1;
  }
  return { version: v, payload: p };
}
