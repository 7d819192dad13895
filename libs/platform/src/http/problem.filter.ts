import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@fd/kernel';
import { Problem, problemOf } from './problem';
import { log } from '../observability/logger';

/**
 * Every error leaves as a problem document: the HTTP layer's problems as they are, the domain's
 * refusals (DomainError) by their kind; unexpected ones are logged and answered as 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const res = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error);
    if (problem.status >= 500) log.error('request failed', { error: String((error as Error)?.stack ?? error) });
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toDocument()));
  }
}

export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof DomainError) return problemOf(error);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 404) return new Problem(404, 'NOT_FOUND', 'There is nothing at this address.');
    if (status === 400) return new Problem(400, 'MALFORMED_REQUEST', 'The request could not be read (is the body valid JSON?).');
    if (status === 413) return new Problem(413, 'TOO_LARGE', 'The request is too large.');
    return new Problem(status, 'HTTP_ERROR', error.message);
  }
  // body-parser's own refusals (too large, unreadable, an encoding it does not know) come as plain errors
  const status = (error as { status?: unknown })?.status;
  const type = (error as { type?: unknown })?.type;
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string') {
    if (status === 413) return new Problem(413, 'TOO_LARGE', 'The request is too large.');
    if (status === 415) return new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (application/json, UTF-8).');
    return new Problem(400, 'MALFORMED_REQUEST', 'The request could not be read (is the body valid JSON?).');
  }
  return new Problem(500, 'INTERNAL_ERROR', 'Something went wrong on our side; nothing was changed. Try again.');
}
