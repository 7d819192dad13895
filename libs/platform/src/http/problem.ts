import { DomainError, DomainErrorKind, FieldError } from '@fd/kernel';

export type { FieldError };

/**
 * Errors as RFC 9457 problem documents (docs/api.md#errors). The HTTP layer throws these;
 * domain code throws DomainError values, which `problemOf` maps here, at the edge, and the
 * ProblemFilter turns both into `application/problem+json` answers.
 */

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Refused by a rule',
  423: 'Locked',
  429: 'Too many attempts',
  500: 'Internal error',
  503: 'Service unavailable',
};

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }

  toDocument(): ProblemDocument {
    return {
      type: `https://feedback-desk.example/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.errors?.length ? { errors: this.errors } : {}),
    };
  }
}

export class ValidationProblem extends Problem {
  constructor(errors: FieldError[], detail = 'Some fields are missing or invalid.') {
    super(400, 'VALIDATION_FAILED', detail, errors);
  }
}
export class UnauthorizedProblem extends Problem {
  constructor(detail = 'Sign in first.', code = 'UNAUTHORIZED') {
    super(401, code, detail);
  }
}
export class ForbiddenProblem extends Problem {
  constructor(detail = 'Your role may not do this.', code = 'FORBIDDEN') {
    super(403, code, detail);
  }
}
export class NotFoundProblem extends Problem {
  constructor(code: string, detail: string) {
    super(404, code, detail);
  }
}
export class ConflictProblem extends Problem {
  constructor(code: string, detail: string) {
    super(409, code, detail);
  }
}
/** The thing is locked against this request for the caller's role (423), e.g. a form's filing after too many wrong codes. */
export class LockedProblem extends Problem {
  constructor(code: string, detail: string) {
    super(423, code, detail);
  }
}
/** A domain rule refuses the request (422). */
export class RuleProblem extends Problem {
  constructor(code: string, detail: string) {
    super(422, code, detail);
  }
}

/** The one mapping of a domain refusal's kind to its HTTP status. */
const STATUS_OF: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule: 422,
  locked: 423,
};

/** The problem document a domain refusal is answered with. */
export function problemOf(error: DomainError): Problem {
  return new Problem(STATUS_OF[error.kind], error.code, error.detail, error.errors);
}
