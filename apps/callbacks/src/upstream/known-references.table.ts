import { EntityManager } from 'typeorm';
import { conflict, ruleRefuses } from '@fd/kernel';

export type ReferenceKind = 'purchase' | 'card' | 'form';

export async function rememberReference(
  m: EntityManager,
  schema: string,
  r: { kind: ReferenceKind; ref: string; merchantId: string; purchaseId?: string },
): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".known_references (kind, ref, merchant_id, purchase_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, ref, merchant_id) DO UPDATE SET purchase_id = COALESCE(EXCLUDED.purchase_id, known_references.purchase_id)`,
    [r.kind, r.ref, r.merchantId, r.purchaseId ?? null],
  );
}

export interface FindingReferences {
  purchaseId?: string;
  cardNo?: string;
  serial?: string;
}

const described: Record<ReferenceKind, string> = { purchase: 'purchase', card: 'insurance card', form: 'feedback form' };
/** Card numbers and serials are handed out in increasing order (SC00000042, FD00001234). */
const numbered: Partial<Record<ReferenceKind, RegExp>> = { card: /^SC\d{8}$/, form: /^FD\d{8}$/ };

/**
 * A finding costs a merchant its month: what it names must be a purchase, card or form the desk
 * registered, of that merchant, and of one purchase (docs/callbacks.md). This service learns them
 * from events, a moment after they are registered: a card or form numbered above the highest it
 * has heard of may simply not have arrived yet (409 REFERENCE_NOT_YET_KNOWN, try again); any other
 * unknown reference is 422 UNKNOWN_REFERENCE, and one of another merchant 422 REFERENCE_OTHER_MERCHANT.
 */
export async function assertReferencesOf(m: EntityManager, schema: string, merchantId: string, refs: FindingReferences): Promise<void> {
  const given: [ReferenceKind, string | undefined][] = [
    ['purchase', refs.purchaseId],
    ['card', refs.cardNo],
    ['form', refs.serial],
  ];
  const purchases = new Set<string>();
  for (const [kind, ref] of given) {
    if (ref === undefined) continue;
    const rows: { merchant_id: string; purchase_id: string | null }[] = await m.query(
      `SELECT merchant_id, purchase_id FROM "${schema}".known_references WHERE kind = $1 AND ref = $2`,
      [kind, ref],
    );
    if (rows.length === 0) {
      const pattern = numbered[kind];
      if (pattern?.test(ref)) {
        const [{ highest }]: { highest: string | null }[] = await m.query(
          `SELECT max(ref) AS highest FROM "${schema}".known_references WHERE kind = $1`,
          [kind],
        );
        if (highest === null || ref > highest)
          throw conflict(
            'REFERENCE_NOT_YET_KNOWN',
            `The ${described[kind]} ${ref} is not known here yet: if it was registered moments ago, try again in a few seconds.`,
          );
      }
      // a purchase id says nothing of its age: it may be mistyped, or on its way
      const onItsWay =
        kind === 'purchase' ? ' (a purchase registered moments ago may not be known here yet: then try again in a few seconds)' : '';
      throw ruleRefuses('UNKNOWN_REFERENCE', `There is no ${described[kind]} ${ref} at the desk${onItsWay}. Check the reference.`);
    }
    const own = rows.find((r) => r.merchant_id === merchantId);
    if (!own) throw ruleRefuses('REFERENCE_OTHER_MERCHANT', `The ${described[kind]} ${ref} is not of merchant ${merchantId}.`);
    const purchaseId = kind === 'purchase' ? ref : own.purchase_id;
    if (purchaseId) purchases.add(purchaseId);
  }
  if (purchases.size > 1)
    throw ruleRefuses('REFERENCES_DISAGREE', `The purchase, card and form named are not of one purchase (${[...purchases].join(', ')}).`);
}
