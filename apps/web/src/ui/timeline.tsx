import type { TimelineEntry } from '../api/types';
import { centsToYuan, dateTime } from '../format';
import { useI18n } from '../i18n/i18n';
import { Empty } from './kit';

// The facts of an event worth reading in the evidence; everything else stays out of the way.
const SHOWN = [
  'rating',
  'reportedRating',
  'previousRating',
  'servicedOn',
  'plannedDate',
  'newPlannedDate',
  'dueDate',
  'staffCertified',
  'uncertifiedReason',
  'late',
  'outcome',
  'reason',
  'statement',
  'decision',
  'fineCents',
  'suspendDays',
  'suspendedUntil',
  'appealDeadline',
  'note',
  'cause',
  'previousPlannedDate',
  'username',
  'contentType',
] as const;

function actorRole(actor: unknown): string {
  if (!actor || typeof actor !== 'object') return '';
  const role = (actor as Record<string, unknown>).role;
  return typeof role === 'string' ? role : '';
}

/** The full event timeline of a form or a case, oldest first: the evidence of a penalty case. */
export function Timeline({ entries }: { entries: TimelineEntry[] | undefined }) {
  const { t, tryT } = useI18n();
  if (!entries?.length) return <Empty>{t('timeline.empty')}</Empty>;
  const value = (k: string, v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (k === 'fineCents' && typeof v === 'number') return `¥${centsToYuan(v)}`;
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (typeof v === 'string') return tryT(`rating.${v}`, tryT(`outcome.${v}`, tryT(`decision.${v}`, v)));
    return String(v);
  };
  return (
    <ol className="timeline">
      {entries.map((e, i) => {
        const facts = SHOWN.filter((k) => e.data && e.data[k] !== undefined && e.data[k] !== null).map(
          (k) => [tryT(`fact.${k}`, k), value(k, e.data![k])] as const,
        );
        const role = actorRole(e.actor);
        const who = role ? tryT(`role.${role}`, role) : '';
        return (
          <li key={`${e.type}-${e.at}-${i}`} className="timeline__item">
            <div className="timeline__head">
              <strong>{tryT(`event.${e.type}`, e.type)}</strong>
              <time dateTime={e.at}>{dateTime(e.at)}</time>
              {who ? <span className="muted">{who}</span> : null}
            </div>
            {facts.length ? (
              <ul className="timeline__facts">
                {facts.map(([k, v]) => (
                  <li key={k}>
                    <span className="muted">
                      {k}
                      {t('common.colon')}
                    </span>
                    {v}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
