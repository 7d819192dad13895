/**
 * A domain rule's refusal, as a value: what kind of refusal it is, a stable code and a
 * sentence for people, and the fields at fault when the input itself is wrong. Deciders throw
 * (or return) these; they carry no HTTP: the edge maps each kind to a status and a problem
 * document (the platform's ProblemFilter, docs/architecture.md "Errors").
 */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * - `invalid`: the command's fields are missing or wrong;
 * - `not_found`: what the command names does not exist;
 * - `conflict`: the state already holds something the command contradicts;
 * - `rule`: a rule of the rule book refuses the command;
 * - `locked`: the thing is locked against this command for the caller's role;
 * - `forbidden`: the caller may not do this to this thing.
 */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'rule' | 'locked' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** The command's fields are missing or wrong (code VALIDATION_FAILED). */
export function invalidInput(errors: FieldError[], detail = 'Some fields are missing or invalid.'): DomainError {
  return new DomainError('invalid', 'VALIDATION_FAILED', detail, errors);
}
export function notFound(code: string, detail: string): DomainError {
  return new DomainError('not_found', code, detail);
}
export function conflict(code: string, detail: string): DomainError {
  return new DomainError('conflict', code, detail);
}
/** A rule of the rule book refuses the command. */
export function ruleRefuses(code: string, detail: string, errors?: FieldError[]): DomainError {
  return new DomainError('rule', code, detail, errors);
}
export function locked(code: string, detail: string): DomainError {
  return new DomainError('locked', code, detail);
}
export function forbidden(code: string, detail: string): DomainError {
  return new DomainError('forbidden', code, detail);
}
