import { useMutation } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { ApiError } from '../api/client';
import { useInvalidate } from '../api/queries';
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
  /** With `confirmFirst`: a valid form waits here for the user's second, explicit word (`confirm`) or `cancel`. */
  confirming: boolean;
  confirm: () => Promise<void>;
  cancel: () => void;
  /** Forget the attempt: no field errors until the user tries again. */
  clear: () => void;
}

/**
 * A form that sends only when valid: it marks the attempt, holds the request busy, and keeps what the
 * server refused (the whole refusal and each field's part of it). Once it is done, what it changed
 * (`invalidates`: the paths of the lists and details that show it) is read again, and `sent` runs
 * with the answer, in the same breath as the attempt is forgotten, to say what happened and empty the fields.
 */
export function useSubmit<E extends FieldErrors, R>(opts: {
  errors: E;
  send: () => Promise<R>;
  sent: (answer: R) => void;
  /** The API paths whose answers the change makes stale (`/forms` covers every list of forms and every form). */
  invalidates?: string[];
  /** Fields whose error shows while typing, before any attempt. */
  live?: (field: keyof E & string) => boolean;
  /** A field's part of a refusal, when it is not the server's own list. */
  fieldErrorsOf?: (err: ApiError) => Record<string, string>;
  /** Leave the last refusal in view while the user's new attempt is still invalid. */
  keepRefusalUntilValid?: boolean;
  /** Sending cannot be undone: a valid form is sent only once the user confirms (ui/kit.tsx `Confirm`). */
  confirmFirst?: boolean;
}): Submit<E> {
  const invalidate = useInvalidate();
  const mutation = useMutation({ mutationFn: opts.send, onSuccess: () => invalidate(...(opts.invalidates ?? [])) });
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const forgetRefusal = () => {
    mutation.reset();
    setServerErrors({});
  };
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!opts.keepRefusalUntilValid) forgetRefusal();
    if (Object.values(opts.errors).some(Boolean)) return setConfirming(false);
    if (opts.confirmFirst) return setConfirming(true);
    await send();
  };
  const send = async () => {
    forgetRefusal();
    try {
      const answer = await mutation.mutateAsync();
      setSubmitted(false);
      opts.sent(answer);
    } catch (err) {
      // the refusal itself is the mutation's error
      if (err instanceof ApiError) setServerErrors(opts.fieldErrorsOf ? opts.fieldErrorsOf(err) : err.fieldErrors());
    } finally {
      setConfirming(false);
    }
  };
  return {
    submitted,
    busy: mutation.isPending,
    error: mutation.error,
    serverErrors,
    shown: (k) => serverErrors[k] ?? (submitted || opts.live?.(k) ? opts.errors[k] : undefined),
    onSubmit,
    confirming,
    confirm: send,
    cancel: () => setConfirming(false),
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
