import { useEffect, useRef, useState } from 'react';
import type { FormOriginal } from '@fd/api';
import { api } from '../api/client';
import { useInvalidate } from '../api/queries';
import { dateTime } from '../format';
import { useI18n } from '../i18n/i18n';
import { Async, Empty, ProblemBox, useLoad, useToast } from './kit';

/** An original fetched with the token and shown from a blob: a thumbnail for a photo, a link for a PDF. */
function OriginalItem({ serial, o }: { serial: string; o: FormOriginal }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    void api
      .blob(`/forms/${encodeURIComponent(serial)}/originals/${encodeURIComponent(o.originalId)}`)
      .then((b) => {
        made = URL.createObjectURL(b);
        if (gone) URL.revokeObjectURL(made);
        else setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [serial, o.originalId]);
  const isImage = o.contentType.startsWith('image/');
  const kb = Math.max(1, Math.round(o.size / 1024));
  return (
    <li className="original" data-original={o.originalId}>
      {url ? (
        <a href={url} target="_blank" rel="noreferrer" className="original__link">
          {isImage ? (
            <img src={url} alt={t('original.photoOf', { serial })} className="original__thumb" />
          ) : (
            <span className="original__pdf">PDF</span>
          )}
        </a>
      ) : (
        <span className="original__thumb original__thumb--loading" aria-hidden="true" />
      )}
      <span className="original__facts">
        <span>{t('original.attachedBy', { who: o.attachedBy, at: dateTime(o.attachedAt) })}</span>
        <span className="muted small">
          {t(`original.type.${o.contentType}`)} · {kb} KB · {t('original.keepUntil', { date: o.keepUntil })}
        </span>
        <code className="muted small" title={o.sha256}>
          SHA-256 {o.sha256.slice(0, 12)}…
        </code>
      </span>
    </li>
  );
}

/**
 * The signed originals of a form (docs/rules.md, "The signed original"): listed for whoever may
 * see the form, and, for the desk, "Attach the signed original": a photo from the phone's camera
 * or a file (JPEG, PNG or PDF; the server judges the type by content).
 */
export function FormOriginals({ serial, canAttach }: { serial: string; canAttach: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const invalidate = useInvalidate();
  const path = `/forms/${encodeURIComponent(serial)}/originals`;
  const loaded = useLoad<{ items: FormOriginal[] }>(path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const send = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await api.upload<FormOriginal>(path, file);
      toast(t('original.attached', { serial }));
      invalidate(path, `/forms/${encodeURIComponent(serial)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-label={t('original.title')} data-originals={serial}>
      <h2>{t('original.title')}</h2>
      <Async loaded={loaded}>
        {(l) =>
          l.items.length ? (
            <ul className="originals">
              {l.items.map((o) => (
                <OriginalItem key={o.originalId} serial={serial} o={o} />
              ))}
            </ul>
          ) : (
            <Empty>{t('original.none')}</Empty>
          )
        }
      </Async>
      {canAttach ? (
        <div className="subform">
          <h3>{t('original.attach')}</h3>
          <p className="muted small">{t('original.help')}</p>
          <ProblemBox error={error} context="original" />
          <div className="row">
            <label className={`btn btn--secondary${busy ? ' is-busy' : ''}`}>
              {t('original.takePhoto')}
              <input
                ref={camera}
                type="file"
                accept="image/*,application/pdf"
                capture="environment"
                className="visually-hidden"
                disabled={busy}
                data-original-input="camera"
                onChange={(e) => void send(e.currentTarget)}
              />
            </label>
            <label className={`btn btn--ghost${busy ? ' is-busy' : ''}`}>
              {t('original.chooseFile')}
              <input
                ref={picker}
                type="file"
                accept="image/jpeg,image/png,application/pdf"
                className="visually-hidden"
                disabled={busy}
                data-original-input="file"
                onChange={(e) => void send(e.currentTarget)}
              />
            </label>
          </div>
        </div>
      ) : null}
    </section>
  );
}
