import type { Decider } from '@fd/kernel';
import type {
  FindingRecorded,
  FindingWithdrawn,
  FormCallbackCorrected,
  FormCertificationReassessed,
  FormFiled,
  FormForged,
  FormIssued,
  FormOverdue,
  FormRatingReplaced,
  FormReportedMissing,
  FormRescheduled,
  FormSelfConfirmed,
  FormVerified,
  FormVoided,
  MerchantRegistered,
  PayloadOf,
} from '@fd/contracts';

/**
 * The upstream events the evaluation depends on, as this service records them in its own
 * log: the contract's type name and payload, unchanged, so every figure can be traced back
 * to what the forms, callbacks and registration services said.
 */
export type FormFact =
  | { type: 'FormIssued'; data: PayloadOf<typeof FormIssued> }
  | { type: 'FormFiled'; data: PayloadOf<typeof FormFiled> }
  | { type: 'FormCertificationReassessed'; data: PayloadOf<typeof FormCertificationReassessed> }
  | { type: 'FormVoided'; data: PayloadOf<typeof FormVoided> }
  | { type: 'FormOverdue'; data: PayloadOf<typeof FormOverdue> }
  | { type: 'FormRescheduled'; data: PayloadOf<typeof FormRescheduled> }
  | { type: 'FormRatingReplaced'; data: PayloadOf<typeof FormRatingReplaced> }
  | { type: 'FormVerified'; data: PayloadOf<typeof FormVerified> }
  | { type: 'FormForged'; data: PayloadOf<typeof FormForged> }
  | { type: 'FormReportedMissing'; data: PayloadOf<typeof FormReportedMissing> }
  | { type: 'FormCallbackCorrected'; data: PayloadOf<typeof FormCallbackCorrected> }
  /** The customer's own confirmation: evidence of the form's case; what it means arrives as FormVerified, FormRatingReplaced, FormForged. */
  | { type: 'FormSelfConfirmed'; data: PayloadOf<typeof FormSelfConfirmed> };
export type FindingFact =
  | { type: 'FindingRecorded'; data: PayloadOf<typeof FindingRecorded> }
  | { type: 'FindingWithdrawn'; data: PayloadOf<typeof FindingWithdrawn> };
export type MerchantFact = { type: 'MerchantRegistered'; data: PayloadOf<typeof MerchantRegistered> };
export type UpstreamFact = FormFact | FindingFact | MerchantFact;

/** The types of the local log's streams that hold upstream facts: contract events, as they were announced. */
export const FACT_STREAM_TYPES = ['form', 'finding', 'merchant'] as const;
type FactStreamType = (typeof FACT_STREAM_TYPES)[number];

/** The stream of the local log a fact is recorded in: one per form, per finding, per merchant. */
export function factStream(fact: UpstreamFact): { streamId: string; streamType: FactStreamType } {
  switch (fact.type) {
    case 'FindingRecorded':
    case 'FindingWithdrawn':
      return { streamId: `finding-${fact.data.findingId}`, streamType: 'finding' };
    case 'MerchantRegistered':
      return { streamId: `merchant-${fact.data.merchantId}`, streamType: 'merchant' };
    default:
      return { streamId: `form-${fact.data.serial}`, streamType: 'form' };
  }
}

/** JSON with sorted keys, so the same payload always reads the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const fingerprint = (fact: UpstreamFact) => `${fact.type}:${canonicalJson(fact.data)}`;

export type RecordFact = { type: 'RecordFact'; fact: UpstreamFact };
export type FactLedgerState = { status: 'recording'; fingerprints: string[] };

/**
 * Records an upstream fact in its stream once. The inbox already drops a message delivered
 * twice; this also drops the same fact announced again under a new message id (an upstream
 * relay that re-sent it), so the evidence timeline shows it once.
 */
export const factLedger: Decider<FactLedgerState, RecordFact, UpstreamFact> = {
  initialState: () => ({ status: 'recording', fingerprints: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordFact':
        return state.fingerprints.includes(fingerprint(command.fact)) ? [] : [command.fact];
      default: {
        const unknown: never = command.type;
        throw new Error(`unknown command ${String(unknown)}`);
      }
    }
  },
  evolve: (state, fact) => ({ status: 'recording', fingerprints: [...state.fingerprints, fingerprint(fact)] }),
};
