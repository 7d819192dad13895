import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useInvalidate, useRead } from '../../api/queries';
import { Form, Rating, RATINGS, Staff } from '../../api/types';
import { isDate, parseFormCode } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session';
import { Badge, Button, Dl, Field, Loading, PageHeader, ProblemBox, useToast } from '../../ui/kit';
import { DateInput } from '../../ui/date-input';
import { enterMovesOn } from '../../ui/enter';
import { FormActions } from '../../ui/form';
import { Link } from '../../ui/route';
import { FormStatusBadge } from '../shared/forms.page';
import { FormOriginals } from '../../ui/originals';

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorCtor | null {
  const ctor = (window as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return ctor && typeof navigator.mediaDevices?.getUserMedia === 'function' ? ctor : null;
}

/** Reads the form's QR code (serial and verification code) from the camera, where the browser can. */
function Scanner({ onRead, onClose }: { onRead: (text: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState('');
  const read = useRef(onRead);
  read.current = onRead;
  useEffect(() => {
    const Ctor = barcodeDetector();
    if (!Ctor) return;
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    const detector = new Ctor({ formats: ['qr_code', 'code_128'] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        if (stopped) return s.getTracks().forEach((tr) => tr.stop());
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        const tick = async () => {
          if (stopped || !video.current) return;
          try {
            const codes = await detector.detect(video.current);
            const hit = codes.find((c) => parseFormCode(c.rawValue));
            if (hit) return read.current(hit.rawValue);
          } catch {
            // a frame that cannot be read; try the next one
          }
          timer = window.setTimeout(tick, 250);
        };
        tick();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, []);
  return (
    <div className="scanner card">
      {error ? (
        <div className="notice notice--error">{t('file.cameraFailed', { error })}</div>
      ) : (
        <video ref={video} muted playsInline aria-label={t('file.camera')} />
      )}
      <Button onClick={onClose}>{t('file.stopScan')}</Button>
    </div>
  );
}

export function RatingButtons({
  value,
  onChange,
  label,
  error,
}: {
  value: Rating | '';
  onChange: (r: Rating) => void;
  label: string;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <div className={`field ${error ? 'field--invalid' : ''}`} role="radiogroup" aria-label={label}>
      <span className="field__label">
        {label}{' '}
        <span className="required" aria-hidden="true">
          *
        </span>
      </span>
      <div className="rating-buttons">
        {RATINGS.map((r) => (
          <button
            key={r}
            type="button"
            role="radio"
            aria-checked={value === r}
            className={`rating rating--${r} ${value === r ? 'rating--chosen' : ''}`}
            onClick={() => onChange(r)}
          >
            {t(`rating.${r}`)}
          </button>
        ))}
      </div>
      {error ? (
        <div className="field__error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** Filing a returned form: the desk's daily work, and the administration's for a form locked by wrong codes (`serial` comes from its list). */
export function FileFormPage({ serial: givenSerial }: { serial?: string }) {
  const { t } = useI18n();
  const { today, merchantName } = useSession();
  const user = useUser();
  const toast = useToast();
  const read = useRead();
  const invalidate = useInvalidate();
  const [serial, setSerial] = useState(givenSerial?.trim().toUpperCase() ?? '');
  const [code, setCode] = useState('');
  const [form, setForm] = useState<Form | null>(null);
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(null);
  const [looking, setLooking] = useState(false);
  const [rating, setRating] = useState<Rating | ''>('');
  const [staffId, setStaffId] = useState('');
  const [servicedOn, setServicedOn] = useState(today());
  const [comment, setComment] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [scanning, setScanning] = useState(false);
  const [lastFiled, setLastFiled] = useState<Form | null>(null);
  const [scanError, setScanError] = useState('');
  const lookedUp = useRef('');
  const serialInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const formEl = useRef<HTMLFormElement>(null);
  /** After a scan the serial and code are known: the clerk goes on with the rating. */
  const focusRating = () => formEl.current?.querySelector<HTMLButtonElement>('[role="radio"]')?.focus();

  const normalSerial = serial.trim().toUpperCase();
  const serialValid = /^FD\d{6,}$/.test(normalSerial);

  const lookup = async (s = normalSerial) => {
    if (!/^FD\d{6,}$/.test(s) || lookedUp.current === s) return;
    lookedUp.current = s;
    setLooking(true);
    setLookupError(null);
    setForm(null);
    setStaff(null);
    setStaffId('');
    try {
      const f = await read<Form>(`/forms/${encodeURIComponent(s)}`);
      setForm(f);
      const list = await read<{ items: Staff[] }>(`/merchants/${encodeURIComponent(f.merchantId)}/staff`);
      setStaff(list.items);
    } catch (e) {
      setLookupError(e);
      lookedUp.current = '';
    } finally {
      setLooking(false);
    }
  };

  useEffect(() => {
    if (givenSerial) lookup(givenSerial.trim().toUpperCase());
    // once, for the serial the page was opened with
  }, []);

  /** The form again after a refused filing: a wrong code counts, and may have locked it. */
  const refreshForm = async (s: string) => {
    try {
      setForm(await read<Form>(`/forms/${encodeURIComponent(s)}`));
    } catch {
      // the refusal is already shown; the summary just stays as it was
    }
  };

  const onScanned = (text: string) => {
    const read = parseFormCode(text);
    setScanning(false);
    if (!read) return;
    setSerial(read.serial);
    setScanError('');
    if (read.verificationCode) setCode(read.verificationCode);
    lookup(read.serial);
  };

  /**
   * Enter in the serial field: a USB scanner types the printed QR code's content (`serial:code`,
   * docs/forms.md) and then Enter. A serial alone is looked up and the code comes next; a scanned
   * `serial:code` fills both and goes on to the rating; anything else is said to be unreadable.
   */
  const onSerialEnter = (typed: string) => {
    if (/^FD\d{6,}$/.test(typed.trim().toUpperCase())) {
      setScanError('');
      lookup();
      codeInput.current?.focus();
      return;
    }
    const scanned = parseFormCode(typed);
    if (!scanned) {
      setScanError(t('file.scanNotRecognised'));
      return;
    }
    setScanError('');
    if (!scanned.verificationCode) {
      // a link that names the form but not its code (the paper's code is typed from the paper)
      setSerial(scanned.serial);
      setServerErrors({});
      lookup(scanned.serial);
      codeInput.current?.focus();
      return;
    }
    setSerial(scanned.serial);
    setCode(scanned.verificationCode);
    setServerErrors({});
    lookup(scanned.serial);
    focusRating();
  };

  const errors = {
    serial: !normalSerial ? t('validation.required') : !serialValid ? t('validation.serial') : undefined,
    verificationCode: !code.trim() ? t('validation.required') : undefined,
    rating: !rating ? t('validation.chooseRating') : undefined,
    staffId: !staffId ? t('validation.chooseStaff') : undefined,
    servicedOn: !isDate(servicedOn) ? t('validation.date') : servicedOn > today() ? t('validation.notFuture') : undefined,
  };
  const shown = (k: keyof typeof errors) => serverErrors[k] ?? (submitted ? errors[k] : undefined);

  const reset = () => {
    setSerial('');
    setCode('');
    setForm(null);
    setStaff(null);
    setRating('');
    setStaffId('');
    setComment('');
    setSubmitted(false);
    setServerErrors({});
    lookedUp.current = '';
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setError(null);
    setServerErrors({});
    if (Object.values(errors).some(Boolean)) return;
    setBusy(true);
    try {
      const filed = await api.post<Form>(`/forms/${encodeURIComponent(normalSerial)}/return`, {
        verificationCode: code.trim().toUpperCase(),
        rating,
        staffId,
        servicedOn,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      // the form everywhere (the wrong codes' list says what became of it); its purchase; the callback a filing may open
      invalidate('/forms', '/wrong-verification-codes', '/purchases', '/callbacks');
      toast(t('file.filed', { serial: filed.serial ?? normalSerial }));
      setLastFiled(filed);
      reset();
      // ready for the next form's scan
      serialInput.current?.focus();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError)
        setServerErrors(
          err.code === 'WRONG_VERIFICATION_CODE' ? { verificationCode: t('problem.WRONG_VERIFICATION_CODE') } : err.fieldErrors(),
        );
      // a wrong code is kept in the administration's list
      if (err instanceof ApiError && err.code === 'WRONG_VERIFICATION_CODE') invalidate('/wrong-verification-codes');
      if (
        err instanceof ApiError &&
        (err.code === 'WRONG_VERIFICATION_CODE' || err.code === 'FILING_LOCKED') &&
        form?.serial === normalSerial
      )
        await refreshForm(normalSerial);
    } finally {
      setBusy(false);
    }
  };

  const chosenStaff = staff?.find((s) => s.id === staffId);

  return (
    <>
      <PageHeader title={t('file.title')} />
      {lastFiled ? (
        <div className="notice notice--success" role="status">
          <strong>{t('file.filed', { serial: lastFiled.serial })}</strong>
          {lastFiled.staffCertified === false ? <p>{t('file.filedUnqualified')}</p> : null}
          {lastFiled.late ? <p>{t('file.filedLate')}</p> : null}
          <Link to={`/forms/${lastFiled.serial}`}>{t('file.seeForm')}</Link>
        </div>
      ) : null}
      {lastFiled ? <FormOriginals key={lastFiled.serial} serial={lastFiled.serial} canAttach /> : null}
      <form
        ref={formEl}
        className="stack"
        onSubmit={submit}
        // Enter in a field moves on to the next; it files only a complete form
        onKeyDown={enterMovesOn(() => !Object.values(errors).some(Boolean))}
        noValidate
        aria-label={t('file.title')}
      >
        <fieldset className="card">
          <legend>{t('file.whichForm')}</legend>
          <div className="grid grid--3">
            <Field label={t('form.serial')} required error={scanError || shown('serial')} hint={t('file.serialHint')}>
              {(p) => (
                <input
                  {...p}
                  ref={serialInput}
                  autoComplete="off"
                  value={serial}
                  onChange={(e) => {
                    setSerial(e.target.value);
                    setScanError('');
                    if (serverErrors.serial) setServerErrors({});
                  }}
                  onBlur={() => lookup()}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      onSerialEnter(e.currentTarget.value);
                    }
                  }}
                />
              )}
            </Field>
            <Field label={t('form.verificationCode')} required error={shown('verificationCode')} hint={t('file.codeHint')}>
              {(p) => (
                <input
                  {...p}
                  ref={codeInput}
                  autoComplete="off"
                  value={code}
                  className="code-input"
                  onChange={(e) => {
                    setCode(e.target.value);
                    setServerErrors(({ verificationCode: _fixed, ...rest }) => rest);
                  }}
                  onKeyDown={(e) => {
                    // a scan that landed in the code field: it holds the serial too
                    const scanned = e.key === 'Enter' ? parseFormCode(e.currentTarget.value) : null;
                    if (!scanned?.verificationCode) return;
                    e.preventDefault();
                    onSerialEnter(e.currentTarget.value);
                  }}
                />
              )}
            </Field>
            <div className="field field--buttons">
              <Button onClick={() => lookup()} disabled={!serialValid} busy={looking}>
                {t('file.lookup')}
              </Button>
              {barcodeDetector() ? (
                <Button onClick={() => setScanning(true)} disabled={scanning}>
                  {t('file.scan')}
                </Button>
              ) : (
                <span className="muted small">{t('file.scanUnavailable')}</span>
              )}
            </div>
          </div>
          {scanning ? <Scanner onRead={onScanned} onClose={() => setScanning(false)} /> : null}
          {looking ? <Loading /> : null}
          <ProblemBox error={lookupError} />
          {form ? (
            <div className="form-summary" data-serial={form.serial}>
              <Dl
                rows={[
                  [t('common.merchant'), merchantName(form.merchantId)],
                  [t('form.service'), `${t(`service.${form.serviceType}`)} · ${t('form.visitN', { n: form.visit })}`],
                  [t('form.plannedDate'), form.plannedDate],
                  [t('form.dueDate'), form.dueDate],
                  [t('common.status'), <FormStatusBadge status={form.status} />],
                ]}
              />
              {form.status === 'filed' ? <div className="notice notice--warn">{t('file.alreadyFiled')}</div> : null}
              {form.status === 'voided' ? (
                <div className="notice notice--warn">{t('file.voided', { reason: form.voidReason ?? '' })}</div>
              ) : null}
              {form.status === 'overdue' ? <div className="notice notice--info">{t('file.overdueNote')}</div> : null}
              {form.filingLocked ? (
                <div className={`notice ${user.role === 'admin' ? 'notice--info' : 'notice--warn'}`} data-notice="filing-locked">
                  {t(user.role === 'admin' ? 'file.lockedAdmin' : 'file.locked', { n: form.wrongCodes ?? 0 })}
                </div>
              ) : (form.status === 'issued' || form.status === 'overdue') && form.wrongCodes ? (
                <div className="notice notice--info">{t('file.wrongCodesSoFar', { n: form.wrongCodes })}</div>
              ) : null}
            </div>
          ) : null}
        </fieldset>

        <fieldset className="card">
          <legend>{t('file.whatCameBack')}</legend>
          <RatingButtons label={t('form.rating')} value={rating} onChange={setRating} error={shown('rating')} />
          <div className="grid grid--3">
            <Field
              label={t('form.staff')}
              required
              error={shown('staffId')}
              hint={!form ? t('file.staffAfterLookup') : staff && staff.length === 0 ? t('file.noStaff') : undefined}
            >
              {(p) => (
                <select {...p} value={staffId} onChange={(e) => setStaffId(e.target.value)} disabled={!staff}>
                  <option value="">{t('common.choose')}</option>
                  {(staff ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} · {s.certificateNo}
                      {s.certificateStatus && s.certificateStatus !== 'valid' ? ` (${t(`cert.${s.certificateStatus}`)})` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('form.servicedOn')} required error={shown('servicedOn')}>
              {(p) => <DateInput {...p} max={today()} value={servicedOn} onChange={setServicedOn} />}
            </Field>
            <Field label={t('form.comment')} className="grid__wide">
              {(p) => <textarea {...p} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
            </Field>
          </div>
          {chosenStaff && chosenStaff.certificateStatus && chosenStaff.certificateStatus !== 'valid' ? (
            <div className="notice notice--warn">
              {t('file.uncertifiedWarning', { name: chosenStaff.name, status: t(`cert.${chosenStaff.certificateStatus}`) })}
            </div>
          ) : null}
          {chosenStaff && chosenStaff.certificateValidUntil < servicedOn ? (
            <div className="notice notice--warn">
              {t('file.expiredOnDate', { name: chosenStaff.name, date: chosenStaff.certificateValidUntil })}
            </div>
          ) : null}
        </fieldset>
        <FormActions error={error} busy={busy} label={t('file.submit')}>
          {form ? (
            <Link to={`/forms/${form.serial}`} className="btn btn--ghost">
              {t('file.voidInstead')}
            </Link>
          ) : null}
          <Badge tone="info">{t('file.countsOnce')}</Badge>
        </FormActions>
      </form>
    </>
  );
}
