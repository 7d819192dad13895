import { Problem } from '@fd/platform';
import type { Upstreams } from './upstreams';
import { PurchaseComposition } from './purchase-composition';

const FORMS_WAIT_MS = 800;

const form = (serial: string) => ({
  serial,
  merchantId: 'm-a',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2026-12-01',
  dueDate: '2026-12-08',
  cardNo: 'C-1',
});

/**
 * The services behind the gateway, faked: registration registers at once; the forms service
 * holds a list that asks to wait (waitFor) until `issueAfterMs`, as a NOTIFY would wake it,
 * and otherwise answers what it has now. Every call to the forms service is recorded.
 */
function services({ issued, issueAfterMs, formsDown = false }: { issued: string[]; issueAfterMs: number; formsDown?: boolean }) {
  const formsCalls: string[] = [];
  const start = Date.now();
  const up = {
    async json(service: string, method: string, path: string) {
      if (service === 'registration')
        return { status: 201, headers: new Headers(), data: { purchaseId: 'p-1', cards: [{ cardNo: 'C-1' }], expectedForms: 1 } };
      formsCalls.push(path);
      if (formsDown) throw new Problem(503, 'SERVICE_UNAVAILABLE', 'The forms service is not answering right now.');
      const q = new URLSearchParams(path.split('?')[1]);
      const there = (at: number) => (at - start >= issueAfterMs ? issued : issued.slice(0, -1));
      let at = Date.now();
      if (q.get('waitFor')) {
        at = Math.min(Date.now() + Number(q.get('waitMs')), start + issueAfterMs);
        await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      }
      return { status: 200, headers: new Headers(), data: { items: there(at).map(form) } };
    },
  };
  return { up: up as unknown as Upstreams, formsCalls };
}

describe('the registration answer waits for the forms without asking again and again', () => {
  it('aPurchase_isAnswered201WithItsForms_afterOneWaitingRequestToTheFormsService', async () => {
    const { up, formsCalls } = services({ issued: ['FD00000001'], issueAfterMs: 300 });
    const r = await new PurchaseComposition(up, FORMS_WAIT_MS).register({}, '{}');
    expect(r.status).toBe(201);
    expect((r.data as { forms: Array<{ serial: string }> }).forms.map((f) => f.serial)).toEqual(['FD00000001']);
    // the old gateway asked every 100 ms: three or four times here
    expect(formsCalls).toHaveLength(1);
    expect(formsCalls[0]).toMatch(/^\/api\/v1\/forms\?purchaseId=p-1&limit=200&waitFor=1&waitMs=\d+$/);
  });

  it('anAfterSalesRequest_waitsForTheNewForms_notTheOnesTheCardHadBefore', async () => {
    const { up, formsCalls } = services({ issued: ['FD00000001', 'FD00000002'], issueAfterMs: 300 });
    const r = await new PurchaseComposition(up, FORMS_WAIT_MS).afterSales({}, 'C-1', '{}');
    expect(r.status).toBe(201);
    expect((r.data as { forms: Array<{ serial: string }> }).forms.map((f) => f.serial)).toEqual(['FD00000002']);
    expect(formsCalls).toHaveLength(2); // what the card had, then one wait for one more
    expect(formsCalls[1]).toContain('cardNo=C-1&limit=200&waitFor=2&');
  });

  it('formsThatDoNotComeInTime_are202FormsPending_afterFormsWaitMs', async () => {
    const { up } = services({ issued: ['FD00000001'], issueAfterMs: 60000 });
    const t0 = Date.now();
    const r = await new PurchaseComposition(up, FORMS_WAIT_MS).register({}, '{}');
    expect(r.status).toBe(202);
    expect(r.data).toMatchObject({ purchaseId: 'p-1', forms: [], formsPending: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(750);
  });

  it('whileTheFormsServiceIsDown_theAnswerIs202FormsPending_atOnce_withoutHoldingTheRequest', async () => {
    const { up, formsCalls } = services({ issued: [], issueAfterMs: 0, formsDown: true });
    const r = await new PurchaseComposition(up, FORMS_WAIT_MS).register({}, '{}');
    expect(r).toMatchObject({ status: 202, data: { formsPending: true } });
    expect(formsCalls).toHaveLength(1);
  });
});
