/** A serial as typed in a URL or by a clerk: case and surrounding spaces do not matter. */
export const normaliseSerial = (serial: string) => serial.trim().toUpperCase();
