import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ServiceType } from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { Problem } from '@fd/platform';
import type { CardService, Customer, Item } from '@fd/registration-domain';
import type { RegistrationConfig } from '../registration.config';

export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** What is printed on the card (the customer's phone already masked). */
export interface PrintableCard {
  cardNo: string;
  registeredAt: string;
  merchant: { name: string; stall: string };
  customer: Customer;
  items: Item[];
  services: CardService[];
  /** The mall's time zone (the policy's), for the dates printed. */
  timeZone: string;
}

export interface CardFont {
  path: string;
  /** The font's PostScript name inside a .ttc collection. */
  family?: string;
}

/** The font from CJK_FONT (a .ttf, or a .ttc with CJK_FONT_FAMILY naming the face), else WenQuanYi Micro Hei. */
export function cjkFont(c: Partial<Pick<RegistrationConfig, 'CJK_FONT' | 'CJK_FONT_FAMILY'>>): CardFont {
  const path = c.CJK_FONT || DEFAULT_CJK_FONT;
  return path.toLowerCase().endsWith('.ttc') ? { path, family: c.CJK_FONT_FAMILY || 'WenQuanYiMicroHei' } : { path };
}

const SERVICE_NAMES: Record<ServiceType, string> = { measure: '測量', deliver: '送貨', install: '安裝', repair: '維修' };

const PROMISE =
  '本城保障顧客的消費權益：您在本城購買的商品，其測量、送貨、安裝及維修等後續服務，均由商戶在客服中心登記備案、' +
  '持有上崗資格證的服務人員上門完成，並由客服中心以《服務反饋表》監督。服務完畢請驗收結果，如實填寫並簽署《服務反饋表》。' +
  '請妥善保管本卡；商品需要維修或對服務有任何意見，請持本卡致電或親臨本城客服中心。';

const yuan = (cents: number) => `¥${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

function fontUnavailable(font: CardFont, why: string): Problem {
  return new Problem(
    503,
    'PDF_FONT_UNAVAILABLE',
    `The card cannot be printed: the Chinese font ${font.path}${font.family ? ` (${font.family})` : ''} ${why}. Install fonts-wqy-microhei or set CJK_FONT.`,
  );
}

/** The 《服務保險卡》 as a PDF (A5): card number as text and QR code, merchant, customer, goods, services and the desk's promise. */
export async function renderCardPdf(
  card: PrintableCard,
  font: CardFont,
  /** SERVICE_DESK_PHONE: printed when there is one. */
  deskPhone?: string,
): Promise<Buffer> {
  if (!existsSync(font.path)) throw fontUnavailable(font, 'is not installed');
  const qr = await QRCode.toBuffer(card.cardNo, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const doc = new PDFDocument({ size: 'A5', margin: 36, info: { Title: `服務保險卡 ${card.cardNo}` } });
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
    throw fontUnavailable(font, `cannot be used (${(e as Error).message})`);
  }

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const qrSize = 90;
  doc.image(qr, left + width - qrSize, doc.page.margins.top, { width: qrSize });
  doc.fontSize(10).text('建材城客服中心', left, doc.page.margins.top, { width: width - qrSize - 10 });
  doc
    .moveDown(0.3)
    .fontSize(20)
    .text('《服務保險卡》', { width: width - qrSize - 10 });
  doc
    .moveDown(0.3)
    .fontSize(12)
    .text(`卡號：${card.cardNo}`, { width: width - qrSize - 10 });
  doc.fontSize(10).text(`登記日期：${localDate(new Date(card.registeredAt), card.timeZone)}`, { width: width - qrSize - 10 });
  doc.y = Math.max(doc.y, doc.page.margins.top + qrSize) + 12;

  const line = (t: string) => doc.fontSize(10).text(t, left, doc.y, { width });
  const heading = (t: string) => doc.moveDown(0.6).fontSize(12).text(t, left, doc.y, { width });
  const field = (label: string, value: string) => line(`${label}：${value}`);
  field('商戶', `${card.merchant.name}（攤位 ${card.merchant.stall}）`);
  field('顧客', card.customer.name);
  field('電話', card.customer.phone);
  field('服務地址', card.customer.address);

  heading('購買商品');
  if (card.items.length === 0) line('無');
  for (const item of card.items) line(`${item.description} × ${item.quantity}  ${yuan(item.amountCents)}`);

  heading('後續服務');
  if (card.services.length === 0) line('無');
  for (const s of card.services) {
    const afterSales = s.requestedAt ? `（售後服務，${localDate(new Date(s.requestedAt), card.timeZone)} 申請）` : '';
    line(`${SERVICE_NAMES[s.type]}  預約日期 ${s.plannedDate}  共 ${s.visits} 次${afterSales}`);
  }

  heading('服務承諾');
  doc.fontSize(9).text(PROMISE, left, doc.y, { width, lineGap: 2 });
  if (deskPhone) line(`客服電話：${deskPhone}`);
  doc.end();
  return done;
}
