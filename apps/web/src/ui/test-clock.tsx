import { useEffect, useState } from 'react';
import { dateTime } from '../format';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/**
 * On every page while the system runs in test mode (GET /_test/clock answers): this is a test
 * system whose clock can be moved, and the time it is there now, in the mall's time zone.
 * Nothing at all otherwise.
 */
export function TestClockBanner() {
  const { t } = useI18n();
  const { testClock, now, timeZone } = useSession();
  const [, tick] = useState(0);
  // the shown minute follows the system's clock
  useEffect(() => {
    if (!testClock) return;
    const timer = window.setInterval(() => tick((n) => n + 1), 15000);
    return () => window.clearInterval(timer);
  }, [testClock]);
  if (!testClock) return null;
  const at = now();
  return (
    <div className="test-clock" role="note" data-test-clock>
      <span className="test-clock__what">{t('app.testClock')}</span>
      <time className="test-clock__now" dateTime={at.toISOString()}>
        {t('app.testClockNow', { now: dateTime(at.toISOString(), timeZone) })}
      </time>
    </div>
  );
}
