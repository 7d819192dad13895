/** `?period=YYYY-MM`; without it, the current month in the default mall's time zone (the contract, libs/api). */
export { groupTotalsQuery } from '@fd/api';
