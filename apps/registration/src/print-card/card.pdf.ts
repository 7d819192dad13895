import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ServiceType } from '@fd/contracts';
import { localDate } from '@fd/kernel';
import { fitText, Problem } from '@fd/platform';
import type { CardService, Customer, Item } from '@fd/registration-domain';
import type { RegistrationConfig } from '../registration.config';

export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** What is printed on the card (the customer's phone already masked). */
export interface PrintableCard {
  cardNo: string;
  registeredAt: string;
  /** The merchant with the number the mall gave it (M-0001), printed instead of any internal id. */
  merchant: { name: string; stall: string; number?: string };
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
  const bottom = doc.page.height - doc.page.margins.bottom;
  const qrSize = 90;
  const headWidth = width - qrSize - 10;
  doc.image(qr, left + width - qrSize, doc.page.margins.top, { width: qrSize });
  let y = doc.page.margins.top;
  const head = (t: string, size: number, h: number) => {
    fitText(doc, t, { x: left, y, width: headWidth, height: h }, { size, minSize: 8 });
    y += h + 2;
  };
  head('建材城客服中心', 10, 14);
  head('《服務保險卡》', 20, 26);
  head(`卡號：${card.cardNo}`, 12, 16);
  head(`登記日期：${localDate(new Date(card.registeredAt), card.timeZone)}`, 10, 14);
  y = Math.max(y, doc.page.margins.top + qrSize) + 10;

  // every value in a box of its own beside its label: a long name or address is wrapped, then
  // made smaller, then cut short, but never runs into the next line (docs/rules.md, the printed paper)
  const field = (label: string, value: string, lines = 1) => {
    const h = 13 * lines;
    doc.fontSize(10).text(`${label}：`, left, y + 1, { lineBreak: false });
    const labelWidth = 60;
    fitText(doc, value, { x: left + labelWidth, y, width: width - labelWidth, height: h }, { size: 10, minSize: 7 });
    y += h + 4;
  };
  field('商戶', `${card.merchant.name}（攤位 ${card.merchant.stall}）`, 2);
  field('商戶編號', card.merchant.number ?? '—');
  field('顧客', card.customer.name, 2);
  field('電話', card.customer.phone);
  field('服務地址', card.customer.address, 3);

  // the promise and the desk's phone keep their place at the foot of the page
  doc.fontSize(9);
  const promiseHeight = doc.heightOfString(PROMISE, { width, lineGap: 2 });
  const phoneHeight = deskPhone ? 16 : 0;
  const footTop = bottom - phoneHeight - promiseHeight - 26;

  const heading = (t: string) => {
    y += 6;
    doc.fontSize(12).text(t, left, y, { width, lineBreak: false });
    y += 17;
  };
  const lineHeight = 13;
  /** Entries one to a line in `room` lines; when they do not all fit, the last line counts the rest. */
  const lines = (entries: string[], room: number) => {
    if (entries.length === 0) entries = ['無'];
    const shown = entries.length <= room ? entries : entries.slice(0, Math.max(0, room - 1));
    for (const e of shown) {
      fitText(doc, e, { x: left, y, width, height: lineHeight - 1 }, { size: 10, minSize: 7 });
      y += lineHeight;
    }
    if (shown.length < entries.length) {
      const rest = `……另有 ${entries.length - shown.length} 項，共 ${entries.length} 項（詳見客服中心的購買記錄）`;
      fitText(doc, rest, { x: left, y, width, height: lineHeight - 1 }, { size: 9, minSize: 7 });
      y += lineHeight;
    }
  };
  const goods = card.items.map((item) => `${item.description} × ${item.quantity}  ${yuan(item.amountCents)}`);
  const services = card.services.map((s) => {
    const afterSales = s.requestedAt ? `（售後服務，${localDate(new Date(s.requestedAt), card.timeZone)} 申請）` : '';
    return `${SERVICE_NAMES[s.type]}  預約日期 ${s.plannedDate}  共 ${s.visits} 次${afterSales}`;
  });
  // the lines left between the fields and the foot, under two headings: the services (at most
  // 10) take what they need, leaving the goods at least 4; the goods take the rest
  const room = Math.max(2, Math.floor((footTop - y - 2 * 23) / lineHeight));
  const needed = (n: number) => Math.max(1, n);
  const goodsRoom = Math.max(Math.min(needed(goods.length), 4), room - needed(services.length));
  heading('購買商品');
  lines(goods, goodsRoom);
  heading('後續服務');
  lines(services, Math.max(1, room - goodsRoom));

  y = footTop;
  heading('服務承諾');
  doc.fontSize(9).text(PROMISE, left, y, { width, lineGap: 2, height: promiseHeight });
  if (deskPhone)
    fitText(doc, `客服電話：${deskPhone}`, { x: left, y: bottom - phoneHeight + 2, width, height: 13 }, { size: 10, minSize: 7 });
  doc.end();
  return done;
}
