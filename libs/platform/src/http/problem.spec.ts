import { conflict, DomainError, forbidden, invalidInput, locked, notFound, ruleRefuses } from '@fd/kernel';
import { problemOf, ValidationProblem } from './problem';
import { toProblem } from './problem.filter';

describe('a domain refusal is answered at the edge by its kind', () => {
  it.each<[DomainError, number, string]>([
    [invalidInput([{ field: 'lines', message: 'a purchase needs at least one line' }]), 400, 'Invalid request'],
    [forbidden('OTHER_MERCHANT', 'Only the merchant the case is against may appeal it.'), 403, 'Not allowed'],
    [notFound('CARD_NOT_FOUND', 'There is no insurance card C1.'), 404, 'Not found'],
    [conflict('FORM_VOIDED', 'Form F1 was voided.'), 409, 'Conflict'],
    [ruleRefuses('APPEAL_WINDOW_CLOSED', 'The appeal window closed.'), 422, 'Refused by a rule'],
    [locked('FILING_LOCKED', 'Too many wrong codes.'), 423, 'Locked'],
  ])('%s answers %i', (error, status, title) => {
    const document = toProblem(error).toDocument();
    expect(document).toEqual({
      type: `https://feedback-desk.example/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail: error.detail,
      code: error.code,
      ...(error.errors ? { errors: error.errors } : {}),
    });
  });

  it('an invalid command reads exactly as the HTTP layer’s own validation problem', () => {
    const errors = [{ field: 'servicedOn', message: '2026-02-30 is not a date.' }];
    expect(problemOf(invalidInput(errors)).toDocument()).toEqual(new ValidationProblem(errors).toDocument());
    expect(problemOf(invalidInput(errors, 'A fine goes only with uphold.')).toDocument()).toEqual(
      new ValidationProblem(errors, 'A fine goes only with uphold.').toDocument(),
    );
  });
});
