import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ServiceType } from '@fd/contracts';
import { fitText } from '@fd/platform';
import { CjkFont, fontUnavailable } from './cjk-font';

export interface PrintableForm {
  serial: string;
  verificationCode: string;
  merchantId: string;
  merchantName?: string;
  merchantStall?: string;
  /** The merchant's number given by the mall (M-0001), printed instead of any internal id. */
  merchantNumber?: string;
  cardNo: string;
  serviceType: ServiceType;
  visit: number;
  plannedDate: string;
  dueDate: string;
  /** The form's self-confirmation link (docs/rules.md, "The customer's own confirmation"): a QR code of it and the link under it, top left. */
  confirmationLink?: string;
}

export const SERVICE_TYPE_NAMES: Record<ServiceType, string> = { measure: '測量', deliver: '送貨', install: '安裝', repair: '維修' };
const RATING_BOXES = ['很滿意', '滿意', '較滿意', '不滿意'];

const A5: [number, number] = [419.53, 595.28];
const MARGIN = 32;

/** 2026-10-05 → 2026年10月05日 */
const chineseDate = (d: string) => `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日`;

/**
 * The printed 《服務反饋表》 (A5, Traditional Chinese): the desk's part (serial, verification
 * code as text and as a QR code of `serial:code`, merchant, service, dates) and the
 * customer's part (rating boxes, comment lines, signature and date, the staff member's name).
 */
export async function renderFormPdf(form: PrintableForm, font: CjkFont): Promise<Buffer> {
  const qr = await QRCode.toBuffer(`${form.serial}:${form.verificationCode}`, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const doc = new PDFDocument({
    size: A5,
    margin: MARGIN,
    info: { Title: `服務反饋表 ${form.serial}`, Author: '客服中心', Subject: 'Service feedback form' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  try {
    doc.registerFont('cjk', font.path, font.family);
    doc.font('cjk');
  } catch (e) {
    doc.end();
    throw fontUnavailable(
      `the Chinese font ${font.path}${font.family ? ` (${font.family})` : ''} could not be opened (${(e as Error).message})`,
    );
  }

  const [width] = A5;
  const inner = width - 2 * MARGIN;
  const qrSize = 92;

  // ---- header: title and QR code (the desk's), and the customer's QR code of the self-confirmation link ----
  doc.image(qr, width - MARGIN - qrSize, MARGIN, { width: qrSize, height: qrSize });
  const linkQrSize = form.confirmationLink ? 64 : 0;
  if (form.confirmationLink) {
    const linkQr = await QRCode.toBuffer(form.confirmationLink, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
    doc.image(linkQr, MARGIN, MARGIN, { width: linkQrSize, height: linkQrSize });
    const under = { x: MARGIN, width: inner - qrSize - 6, height: 9 };
    fitText(doc, '顧客手機掃碼自行確認服務及評價：', { ...under, y: MARGIN + linkQrSize + 2 }, { size: 7, minSize: 6 });
    fitText(doc, form.confirmationLink, { ...under, y: MARGIN + linkQrSize + 12 }, { size: 7, minSize: 5 });
  }
  const titleBox = { x: MARGIN + linkQrSize + 2, width: inner - qrSize - linkQrSize - 4 };
  doc.fontSize(20).text('《服務反饋表》', titleBox.x, MARGIN + 14, { width: titleBox.width, align: 'center' });
  doc
    .fontSize(9)
    .fillColor('#444')
    .text('建材城客服中心 · 服務過程監督', titleBox.x, MARGIN + 44, { width: titleBox.width, align: 'center' });
  doc.fillColor('black');

  // ---- the desk's part: each value in a box of its own, beside its label (never past it) ----
  let y = MARGIN + qrSize + 14;
  const field = (label: string, value: string, x: number, w: number, h: number) => {
    doc.fontSize(10).text(`${label}：`, x, y + 1, { lineBreak: false });
    const labelWidth = doc.widthOfString(`${label}：`);
    fitText(doc, value, { x: x + labelWidth, y, width: w - labelWidth - 6, height: h }, { size: 11, minSize: 7 });
  };
  /** A row of fields side by side, `lines` lines of 11pt high. */
  const row = (pairs: Array<[string, string]>, lines = 1) => {
    const w = inner / pairs.length;
    const h = 14 * lines;
    pairs.forEach(([label, value], i) => field(label, value, MARGIN + i * w, w, h));
    y += h + 5;
  };
  row([
    ['表號', form.serial],
    ['驗證碼', form.verificationCode],
  ]);
  const merchant = form.merchantName ? `${form.merchantName}${form.merchantStall ? `（攤位 ${form.merchantStall}）` : ''}` : '—';
  row([['商戶', merchant]], 2);
  row([
    ['商戶編號', form.merchantNumber ?? '—'],
    ['服務保險卡號', form.cardNo],
  ]);
  row([
    ['服務項目', SERVICE_TYPE_NAMES[form.serviceType]],
    ['服務次數', `第 ${form.visit} 次`],
  ]);
  row([
    ['預約服務日期', chineseDate(form.plannedDate)],
    ['交回期限', chineseDate(form.dueDate)],
  ]);
  doc.fontSize(8.5).fillColor('#444');
  doc.text('本表須於交回期限當日或之前由服務人員交回客服中心備案，逾期未交回視為缺表。', MARGIN, y, { width: inner });
  doc.fillColor('black');
  y = doc.y + 8;
  doc
    .moveTo(MARGIN, y)
    .lineTo(width - MARGIN, y)
    .lineWidth(0.8)
    .stroke();
  y += 10;

  // ---- the customer's part ----
  doc.fontSize(12).text('顧客填寫', MARGIN, y);
  y = doc.y + 4;
  doc.fontSize(9.5).text('服務完畢後，請驗收服務結果，如實填寫本表並簽名，交服務人員帶回客服中心。', MARGIN, y, { width: inner });
  y = doc.y + 10;
  doc.fontSize(10.5).text('服務評價（請在相應方框內打勾）：', MARGIN, y);
  y = doc.y + 8;
  const boxWidth = inner / RATING_BOXES.length;
  RATING_BOXES.forEach((label, i) => {
    const x = MARGIN + i * boxWidth + 6;
    doc.rect(x, y, 12, 12).lineWidth(1).stroke();
    doc.fontSize(11).text(label, x + 18, y - 1, { lineBreak: false });
  });
  y += 28;
  doc.fontSize(10.5).text('意見或建議：', MARGIN, y);
  y = doc.y + 4;
  for (let i = 0; i < 4; i++) {
    y += 22;
    doc
      .moveTo(MARGIN, y)
      .lineTo(width - MARGIN, y)
      .lineWidth(0.5)
      .dash(2, { space: 2 })
      .stroke()
      .undash();
  }
  y += 26;
  const signLine = (label: string, x: number, lineTo: number) => {
    doc.fontSize(10.5).text(`${label}：`, x, y - 12, { lineBreak: false });
    const start = x + doc.widthOfString(`${label}：`) + 2;
    doc
      .moveTo(start, y + 2)
      .lineTo(lineTo, y + 2)
      .lineWidth(0.6)
      .stroke();
  };
  signLine('顧客簽名', MARGIN, MARGIN + inner * 0.55);
  signLine('日期', MARGIN + inner * 0.6, width - MARGIN);
  y += 30;
  signLine('服務人員姓名', MARGIN, MARGIN + inner * 0.55);
  signLine('服務日期', MARGIN + inner * 0.6, width - MARGIN);

  // ---- footer ----
  doc
    .fontSize(8)
    .fillColor('#444')
    .text('客服中心將對顧客進行回訪以核實本表內容。偽造顧客簽字或評價者，按市場相關管理規定處罰。', MARGIN, A5[1] - MARGIN - 24, {
      width: inner,
      align: 'center',
    });
  doc.end();
  return done;
}
