import { useState } from 'react';
import type { OpinionCategory } from '@fd/api';
import { api } from '../../api/client';
import { dateTime } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { FormActions, useSubmit } from '../../ui/form';
import { useInvalidate } from '../../api/queries';
import { Async, Badge, Button, Confirm, Field, PageHeader, Table, useLoad, useToast } from '../../ui/kit';

const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const LANGS = ['zh-Hant', 'zh-Hans', 'en'] as const;

/**
 * The managed list of opinion categories (docs/rules.md#customer-opinions): each with a code and a
 * label in each language; the administration adds them and retires them, never deletes them.
 */
export function OpinionCategoriesPage() {
  const { t, lang } = useI18n();
  const loaded = useLoad<{ items: OpinionCategory[] }>('/opinion-categories');
  return (
    <>
      <PageHeader title={t('categories.title')} />
      <p className="lead">{t('categories.lead')}</p>
      <AddCategoryForm />
      <Async loaded={loaded}>
        {({ items }) => (
          <Table
            label={t('categories.title')}
            first={[t('common.status')]}
            columns={[
              t('categories.code'),
              t('categories.label.zh-Hant'),
              t('categories.label.zh-Hans'),
              t('categories.label.en'),
              t('common.status'),
              '',
            ]}
          >
            {items.map((c) => (
              <tr key={c.code} data-category={c.code}>
                <td>
                  <code>{c.code}</code>
                </td>
                {LANGS.map((l) => (
                  <td key={l} lang={l}>
                    {c.labels[l]}
                  </td>
                ))}
                <td>
                  {c.status === 'active' ? (
                    <Badge tone="good">{t('categories.active')}</Badge>
                  ) : (
                    <Badge tone="neutral">
                      {t('categories.retired')}
                      {c.retiredAt ? ` · ${dateTime(c.retiredAt)}` : ''}
                    </Badge>
                  )}
                </td>
                <td>{c.status === 'active' && c.code !== 'other' ? <RetireButton category={c} label={c.labels[lang]} /> : null}</td>
              </tr>
            ))}
          </Table>
        )}
      </Async>
    </>
  );
}

function RetireButton({ category, label }: { category: OpinionCategory; label: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const invalidate = useInvalidate();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!asking)
    return (
      <Button kind="ghost" onClick={() => setAsking(true)}>
        {t('categories.retire')}
      </Button>
    );
  return (
    <Confirm
      label={t('categories.retire')}
      confirmLabel={t('categories.retireConfirm')}
      busy={busy}
      error={error}
      onCancel={() => setAsking(false)}
      onConfirm={async () => {
        setBusy(true);
        try {
          await api.post(`/opinion-categories/${encodeURIComponent(category.code)}/retire`, {});
          invalidate('/opinion-categories', '/opinions');
          toast(t('categories.retiredDone', { label }));
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('categories.retireWhat', { label })}
    </Confirm>
  );
}

function AddCategoryForm() {
  const { t } = useI18n();
  const toast = useToast();
  const [code, setCode] = useState('');
  const [labels, setLabels] = useState<Record<(typeof LANGS)[number], string>>({ 'zh-Hant': '', 'zh-Hans': '', en: '' });
  const labelError = (v: string) =>
    !v.trim() ? t('validation.required') : v.trim().length > 40 ? t('validation.tooLong', { n: 40 }) : undefined;
  const form = useSubmit({
    errors: {
      code: !code.trim() ? t('validation.required') : !CODE.test(code.trim()) ? t('categories.codeRule') : undefined,
      'labels.zh-Hant': labelError(labels['zh-Hant']),
      'labels.zh-Hans': labelError(labels['zh-Hans']),
      'labels.en': labelError(labels.en),
    },
    send: () =>
      api.post<OpinionCategory>('/opinion-categories', {
        code: code.trim(),
        labels: { 'zh-Hant': labels['zh-Hant'].trim(), 'zh-Hans': labels['zh-Hans'].trim(), en: labels.en.trim() },
      }),
    invalidates: ['/opinion-categories'],
    sent: (c) => {
      toast(t('categories.added', { code: c.code }));
      setCode('');
      setLabels({ 'zh-Hant': '', 'zh-Hans': '', en: '' });
    },
  });
  return (
    <form className="card stack" onSubmit={form.onSubmit} noValidate aria-label={t('categories.add')}>
      <h2>{t('categories.add')}</h2>
      <div className="grid grid--2">
        <Field label={t('categories.code')} required error={form.shown('code')} hint={t('categories.codeHint')}>
          {(p) => <input {...p} value={code} autoComplete="off" spellCheck={false} onChange={(e) => setCode(e.target.value)} />}
        </Field>
        {LANGS.map((l) => (
          <Field key={l} label={t(`categories.label.${l}`)} required error={form.shown(`labels.${l}`)}>
            {(p) => <input {...p} lang={l} value={labels[l]} onChange={(e) => setLabels((x) => ({ ...x, [l]: e.target.value }))} />}
          </Field>
        ))}
      </div>
      <FormActions error={form.error} busy={form.busy} label={t('categories.addSubmit')} />
    </form>
  );
}
