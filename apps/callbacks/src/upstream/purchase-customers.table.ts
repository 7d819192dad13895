import { EntityManager } from 'typeorm';

export interface PurchaseCustomer {
  name: string;
  phone: string;
  address: string;
}

/** The customer of a purchase (registration.purchases.v1), whom its callbacks call. A purchase's customer never changes. */
export async function rememberCustomer(m: EntityManager, schema: string, purchaseId: string, c: PurchaseCustomer): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".purchase_customers (purchase_id, name, phone, address) VALUES ($1, $2, $3, $4)
     ON CONFLICT (purchase_id) DO NOTHING`,
    [purchaseId, c.name, c.phone, c.address],
  );
}

/** Which purchase, card and service a form is for (FormIssued on forms.v1). */
export interface FormOrigin {
  serial: string;
  purchaseId: string;
  cardNo: string;
  serviceType: string;
  visit: number;
}

export async function rememberFormOrigin(m: EntityManager, schema: string, f: FormOrigin): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".issued_forms (serial, purchase_id, card_no, service_type, visit) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (serial) DO NOTHING`,
    [f.serial, f.purchaseId, f.cardNo, f.serviceType, f.visit],
  );
}
