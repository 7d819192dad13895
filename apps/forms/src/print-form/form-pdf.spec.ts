import { DEFAULT_CJK_FONT } from './cjk-font';
import { PrintableForm, renderFormPdf } from './form-pdf';

const form: PrintableForm = {
  serial: 'FD00001234',
  verificationCode: 'K7PX3QWM',
  merchantId: 'm-1',
  merchantName: '永安木門',
  merchantStall: 'A-12',
  cardNo: 'SC00000042',
  serviceType: 'install',
  visit: 1,
  plannedDate: '2026-10-05',
  dueDate: '2026-10-12',
};

describe('the printed feedback form', () => {
  it('aFileThatIsNoFont_isRefused503_ratherThanPrintingEmptyBoxes', async () => {
    await expect(renderFormPdf(form, { path: __filename })).rejects.toMatchObject({ status: 503, code: 'PDF_FONT_UNAVAILABLE' });
  });
  it('aCollectionWithoutTheFaceNamed_isRefused503', async () => {
    await expect(renderFormPdf(form, { path: DEFAULT_CJK_FONT, family: 'NoSuchFace' })).rejects.toMatchObject({
      code: 'PDF_FONT_UNAVAILABLE',
    });
  });
});
