import { sleep } from '@fd/platform';
import { Upstreams } from './upstreams';

type Headers = Record<string, string | string[] | undefined>;

interface FormItem {
  serial: string;
  verificationCode?: string;
  merchantId: string;
  serviceType: string;
  visit: number;
  plannedDate: string;
  dueDate: string;
  cardNo: string;
  [k: string]: unknown;
}

/** How long a registration's answer waits for its forms (FORMS_WAIT_MS). */
export const DEFAULT_FORMS_WAIT_MS = 5000;
/** The forms service holds a list for at most this long (its waitMs bound); a longer wait asks again. */
const FORMS_LONG_POLL_MS = 10000;
const RETRY_MS = 250;

const registrationAnswer = (f: FormItem) => ({
  serial: f.serial,
  verificationCode: f.verificationCode,
  merchantId: f.merchantId,
  serviceType: f.serviceType,
  visit: f.visit,
  plannedDate: f.plannedDate,
  dueDate: f.dueDate,
  cardNo: f.cardNo,
});

/**
 * The registration answer carries the forms the forms service issues in reaction to the
 * purchase (docs/api.md#post-purchases): the gateway waits a few seconds for them. If they are not all there
 * in time the purchase still stands and the answer is 202 with `formsPending: true`;
 * `GET /purchases/{id}` shows them when they come.
 */
export class PurchaseComposition {
  constructor(
    private readonly up: Upstreams,
    private readonly formsWaitMs = DEFAULT_FORMS_WAIT_MS,
  ) {}

  /**
   * Every form of a list, page by page. With `wait`, the first page is asked to wait until
   * `wait.count` forms match (the forms service answers as soon as they are issued).
   */
  async forms(query: string, headers: Headers, wait?: { count: number; ms: number }): Promise<FormItem[]> {
    const items: FormItem[] = [];
    let cursor: string | undefined;
    let waiting = wait ? `&waitFor=${wait.count}&waitMs=${Math.round(wait.ms)}` : '';
    do {
      const r = await this.up.json<{ items: FormItem[]; nextCursor?: string }>(
        'forms',
        'GET',
        `/api/v1/forms?${query}&limit=200${waiting}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers,
      );
      if (r.status !== 200) return items;
      waiting = '';
      items.push(...r.data.items);
      cursor = r.data.nextCursor;
    } while (cursor);
    return items;
  }

  /**
   * The forms of `query` not in `exclude`, once there are `expected` of them, or what there is
   * after FORMS_WAIT_MS. The forms service holds the request until they are issued (a NOTIFY
   * wakes it); this asks again only when an answer came back short before the time was up (the
   * forms service restarting: then every 250 ms). When the forms service does not answer at all
   * the answer is given at once (202): holding it would only hold one of the entry point's slots.
   */
  async waitForForms(query: string, headers: Headers, expected: number, exclude = new Set<string>()): Promise<FormItem[]> {
    const deadline = Date.now() + this.formsWaitMs;
    for (;;) {
      const left = deadline - Date.now();
      const wait = { count: expected + exclude.size, ms: Math.max(0, Math.min(left, FORMS_LONG_POLL_MS)) };
      let down = false;
      const fresh = (
        await this.forms(query, headers, wait).catch(() => {
          // the forms service is down: the forms will come when it is back; answer now, do not hold a slot
          down = true;
          return [] as FormItem[];
        })
      ).filter((f) => !exclude.has(f.serial));
      if (down || fresh.length >= expected || Date.now() >= deadline) return fresh;
      await sleep(Math.min(RETRY_MS, Math.max(0, deadline - Date.now())));
    }
  }

  async register(headers: Headers, body: string) {
    const r = await this.up.json<{ purchaseId: string; cards: unknown[]; expectedForms: number }>(
      'registration',
      'POST',
      '/api/v1/purchases',
      headers,
      body,
    );
    if (r.status !== 201) return { status: r.status, data: r.data as unknown };
    const forms = await this.waitForForms(`purchaseId=${encodeURIComponent(r.data.purchaseId)}`, headers, r.data.expectedForms);
    const complete = forms.length >= r.data.expectedForms;
    return {
      status: complete ? 201 : 202,
      data: { ...r.data, forms: forms.map(registrationAnswer), ...(complete ? {} : { formsPending: true }) },
    };
  }

  async purchase(headers: Headers, purchaseId: string) {
    const r = await this.up.json<{ expectedForms: number }>(
      'registration',
      'GET',
      `/api/v1/purchases/${encodeURIComponent(purchaseId)}`,
      headers,
    );
    if (r.status !== 200) return { status: r.status, data: r.data as unknown };
    const forms = await this.forms(`purchaseId=${encodeURIComponent(purchaseId)}`, headers);
    return { status: 200, data: { ...r.data, forms, formsPending: forms.length < r.data.expectedForms } };
  }

  async afterSales(headers: Headers, cardNo: string, body: string) {
    const query = `cardNo=${encodeURIComponent(cardNo)}`;
    const before = new Set((await this.forms(query, headers).catch(() => [])).map((f) => f.serial));
    const r = await this.up.json<{ expectedForms: number }>(
      'registration',
      'POST',
      `/api/v1/cards/${encodeURIComponent(cardNo)}/services`,
      headers,
      body,
    );
    if (r.status !== 201) return { status: r.status, data: r.data as unknown };
    const forms = await this.waitForForms(query, headers, r.data.expectedForms, before);
    const complete = forms.length >= r.data.expectedForms;
    return {
      status: complete ? 201 : 202,
      data: { ...r.data, forms: forms.map(registrationAnswer), ...(complete ? {} : { formsPending: true }) },
    };
  }
}
