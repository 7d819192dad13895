import { addDays, hasDayEnded, isIanaTimeZone, localDate, periodOf, startOfLocalDay, lastPeriods } from './mall-time';
import { percentOneDecimal } from './round';

describe('mall time', () => {
  it('isIanaTimeZone_acceptsZoneNames_only', () => {
    expect(['Asia/Shanghai', 'Europe/Paris', 'UTC'].every(isIanaTimeZone)).toBe(true);
    expect(['Mars/Olympus', '+08:00', '', 'GMT+8 '].some(isIanaTimeZone)).toBe(false);
  });
  it('localDate_usesTheMallTimeZone_notUtc', () => {
    // 2026-10-31 17:30 UTC is already 1 November in Shanghai
    expect(localDate(new Date('2026-10-31T17:30:00Z'))).toBe('2026-11-01');
    expect(localDate(new Date('2026-10-31T15:59:59Z'))).toBe('2026-10-31');
  });
  it('aDueDate_canBeMetThroughItsLastSecond', () => {
    expect(hasDayEnded('2026-10-12', new Date('2026-10-12T15:59:59Z'))).toBe(false);
    expect(hasDayEnded('2026-10-12', new Date('2026-10-12T16:00:00Z'))).toBe(true);
  });
  it('startOfLocalDay_isMidnightInTheZone', () => {
    expect(startOfLocalDay('2026-10-12').toISOString()).toBe('2026-10-11T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  });
  it('addDays_crossesMonthsAndYears', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(periodOf('2026-10-31')).toBe('2026-10');
    expect(lastPeriods('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
  it('percentOneDecimal_roundsHalfUp', () => {
    expect(percentOneDecimal(2, 3)).toBe(66.7);
    expect(percentOneDecimal(1, 3)).toBe(33.3);
    expect(percentOneDecimal(3, 4)).toBe(75);
    expect(percentOneDecimal(1, 8)).toBe(12.5);
    expect(percentOneDecimal(1, 16)).toBe(6.3); // 6.25 rounds up
    expect(percentOneDecimal(0, 0)).toBeNull();
  });
});
