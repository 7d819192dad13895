import { useState } from 'react';
import type { OpinionCategory } from '@fd/api';
import { api, query } from '../../api/client';
import { Opinion, OPINION_CHANNELS, OpinionChannel, Page } from '../../api/types';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { FormActions, useSubmit } from '../../ui/form';
import { AsyncList, Badge, Field, MerchantSelect, PageHeader, PeriodPicker, useLoad, useToast } from '../../ui/kit';
import { useNavigateTo } from '../../ui/route';

/** The customer-opinion register (顧客意見登記表): the clerk's form and the month's list. */
export function OpinionsPage({ q }: { q: Record<string, string> }) {
  const navigate = useNavigateTo();
  const { t, lang } = useI18n();
  const user = useUser();
  const { merchantName, thisMonth } = useSession();
  const period = q.period && /^\d{4}-\d{2}$/.test(q.period) ? q.period : thisMonth();
  const list = useLoad<Page<Opinion>>(`/opinions${query({ period, limit: 100 })}`);
  // the managed list: every category, so an opinion under a retired one still shows its label
  const categories = useLoad<{ items: OpinionCategory[] }>('/opinion-categories').data?.items ?? [];
  const labelOf = (code: string) => categories.find((c) => c.code === code)?.labels[lang] ?? code;
  return (
    <>
      <PageHeader title={t('opinions.title')}>
        <PeriodPicker value={period} onChange={(p) => navigate('/opinions', { period: p })} />
      </PageHeader>
      {user.role === 'clerk' ? <OpinionForm categories={categories.filter((c) => c.status === 'active')} /> : null}
      <section className="card">
        <h2>{t('opinions.list', { period })}</h2>
        <AsyncList loaded={list} empty={t('opinions.empty')}>
          {(items) => (
            <ul className="opinions">
              {items.map((o) => (
                <li key={o.id} className="opinion">
                  <div className="opinion__head">
                    <Badge tone="info">{t(`channel.${o.channel}`)}</Badge> <strong data-category={o.category}>{labelOf(o.category)}</strong>
                    {o.categoryText ? <span className="muted"> ({o.categoryText})</span> : null}
                    {o.merchantId ? <span className="muted"> · {merchantName(o.merchantId)}</span> : null}
                    <span className="muted opinion__when">{o.registeredAt ? dateTime(o.registeredAt) : o.registeredOn}</span>
                  </div>
                  <p className="pre">{o.text}</p>
                </li>
              ))}
            </ul>
          )}
        </AsyncList>
      </section>
    </>
  );
}

function OpinionForm({ categories }: { categories: OpinionCategory[] }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [channel, setChannel] = useState<OpinionChannel>('visit');
  const [category, setCategory] = useState('');
  const [merchantId, setMerchantId] = useState('');
  const [text, setText] = useState('');
  const form = useSubmit({
    errors: {
      category: !category ? t('validation.required') : undefined,
      text: !text.trim() ? t('validation.required') : undefined,
    },
    send: () => api.post('/opinions', { channel, category, ...(merchantId ? { merchantId } : {}), text }),
    // the month's list and its summary
    invalidates: ['/opinions'],
    sent: () => {
      toast(t('opinions.registered', { category: categories.find((c) => c.code === category)?.labels[lang] ?? category }));
      setCategory('');
      setMerchantId('');
      setText('');
    },
  });
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('opinions.new')}>
      <h2>{t('opinions.new')}</h2>
      <div className="grid grid--3">
        <Field label={t('opinions.channel')} required>
          {(p) => (
            <select {...p} value={channel} onChange={(e) => setChannel(e.target.value as OpinionChannel)}>
              {OPINION_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('opinions.category')} required error={form.shown('category')}>
          {(p) => (
            <select {...p} value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('opinions.chooseCategory')}</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.labels[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <MerchantSelect label={t('opinions.merchant')} value={merchantId} onChange={setMerchantId} allowNone={t('opinions.noMerchant')} />
        <Field label={t('opinions.text')} required error={form.shown('text')} hint={t('opinions.textHint')} className="grid__wide">
          {(p) => <textarea {...p} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('opinions.submit')} />
    </form>
  );
}
