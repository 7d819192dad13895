import { FormEvent, ReactNode, useState } from 'react';
import { ApiError } from '../api/client';
import { Button, ProblemBox } from './kit';

/** What a field may say is wrong with it: a message, or nothing when it is fine. */
export type FieldErrors = Record<string, string | undefined>;

export interface Submit<E extends FieldErrors> {
  /** The user has tried to send since the form was last sent (or cleared). */
  submitted: boolean;
  busy: boolean;
  /** The server's refusal, for a ProblemBox. */
  error: unknown;
  /** The server's word on each field it refused. */
  serverErrors: Record<string, string>;
  /** The error to show under a field: the server's, else ours once the user has tried to send (or at once where `live`). */
  shown: (field: keyof E & string) => string | undefined;
  onSubmit: (e: FormEvent) => Promise<void>;
  /** Forget the attempt: no field errors until the user tries again. */
  clear: () => void;
}

/**
 * A form that sends only when valid: it marks the attempt, holds the request busy, and keeps what the
 * server refused (the whole refusal and each field's part of it). `sent` runs with the answer, in the
 * same breath as the attempt is forgotten, to say what happened, empty the fields and reload.
 */
export function useSubmit<E extends FieldErrors, R>(opts: {
  errors: E;
  send: () => Promise<R>;
  sent: (answer: R) => void;
  /** Fields whose error shows while typing, before any attempt. */
  live?: (field: keyof E & string) => boolean;
  /** A field's part of a refusal, when it is not the server's own list. */
  fieldErrorsOf?: (err: ApiError) => Record<string, string>;
  /** Leave the last refusal in view while the user's new attempt is still invalid. */
  keepRefusalUntilValid?: boolean;
}): Submit<E> {
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const forgetRefusal = () => {
    setError(null);
    setServerErrors({});
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!opts.keepRefusalUntilValid) forgetRefusal();
    if (Object.values(opts.errors).some(Boolean)) return;
    forgetRefusal();
    setBusy(true);
    try {
      const answer = await opts.send();
      setSubmitted(false);
      opts.sent(answer);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setServerErrors(opts.fieldErrorsOf ? opts.fieldErrorsOf(err) : err.fieldErrors());
    } finally {
      setBusy(false);
    }
  };
  return {
    submitted,
    busy,
    error,
    serverErrors,
    shown: (k) => serverErrors[k] ?? (submitted || opts.live?.(k) ? opts.errors[k] : undefined),
    onSubmit,
    clear: () => {
      setSubmitted(false);
      setServerErrors({});
    },
  };
}

/** The foot of a form: the refusal, if any, then the button that sends it (and any other actions). */
export function FormActions({
  error,
  busy,
  kind = 'primary',
  label,
  className = 'form-actions',
  children,
}: {
  error: unknown;
  busy: boolean;
  kind?: 'primary' | 'danger';
  label: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <>
      <ProblemBox error={error} />
      <div className={className}>
        <Button kind={kind} type="submit" busy={busy}>
          {label}
        </Button>
        {children}
      </div>
    </>
  );
}
