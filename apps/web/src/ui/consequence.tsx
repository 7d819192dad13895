import { useQuery } from '@tanstack/react-query';
import type { CallbackOutcome, Consequence, Rating } from '@fd/api';
import { api, asProblem } from '../api/client';
import { keyOf } from '../api/queries';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { localMonth } from './date-input';
import { useProblemText } from './kit';

/**
 * What an action will do to a merchant's evaluation, in words, before the user confirms it
 * (docs/rules.md#6-callback): the services that apply the rules say which month and whether a
 * case opens (GET /forms/{serial}/consequence, POST /findings/preview); the UI only tells it.
 */
export function ConsequenceText({ consequence, fallbackMerchant }: { consequence: Consequence; fallbackMerchant?: string }) {
  const { t, lang } = useI18n();
  const { merchantName } = useSession();
  const v = consequence.violation;
  const merchant = consequence.merchantName ?? fallbackMerchant ?? merchantName(consequence.merchantId);
  if (!v) return <span data-consequence="none">{t('consequence.none', { merchant })}</span>;
  const month = localMonth(v.period, lang);
  return (
    <span data-consequence={v.opensCase ? 'zero' : 'already'} data-period={v.period}>
      {v.opensCase ? t('consequence.zero', { merchant, month }) : t('consequence.alreadyMissing', { merchant, month })}
    </span>
  );
}

export const consequencePath = (serial: string, outcome: CallbackOutcome | null, reportedRating?: Rating | '') =>
  `/forms/${encodeURIComponent(serial)}/consequence?outcome=${outcome ?? ''}${reportedRating ? `&reportedRating=${reportedRating}` : ''}`;

/** What recording `outcome` at a callback would do to the form's merchant; asked only while one is being confirmed. */
export function useCallbackConsequence(serial: string, outcome: CallbackOutcome | null, reportedRating?: Rating | '') {
  const path = consequencePath(serial, outcome, reportedRating);
  return useQuery({
    queryKey: keyOf(path),
    queryFn: () => api.get<Consequence>(path),
    enabled: outcome !== null,
    // the form changes under the clerk's feet (a filing, an overdue): ask afresh each time
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

/** The consequence once known; while it is asked, a line that says so; if it cannot be told, the refusal. */
export function ConsequenceOf({
  loaded,
  fallbackMerchant,
}: {
  loaded: { data?: Consequence; error: unknown; isLoading: boolean };
  fallbackMerchant?: string;
}) {
  const { t } = useI18n();
  const problemText = useProblemText();
  if (loaded.data) return <ConsequenceText consequence={loaded.data} fallbackMerchant={fallbackMerchant} />;
  if (loaded.error)
    return (
      <span role="alert">
        {t('consequence.unknown')} {problemText(asProblem(loaded.error))}
      </span>
    );
  return <span className="muted">{t('consequence.asking')}</span>;
}
