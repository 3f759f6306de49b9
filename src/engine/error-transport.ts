/**
 * Errors across a worker boundary: structured clone keeps plain data only, so an error goes
 * as ErrorInfo and comes back as its own class (instanceof still works on the page). Anything
 * thrown that is not ours becomes INTERNAL, or OUT_OF_MEMORY when an allocation failed.
 */
import {
  AmbiguousRevisionError, CancelledError, CheckFailedError, DuplicateRevisionError, InternalError, InvalidOperationError, InvalidTargetError,
  MigrateError, MissingDownRevisionError, MultipleHeadsError, ReadBackError, RevisionCycleError, SeveralDbHeadsError, StepFailedError,
  UnknownDbRevisionError, UnknownRevisionError, type ErrorInfo,
} from './errors.ts';
import { isOutOfMemory, OutOfMemoryError } from './out-of-memory.ts';

const classes: Readonly<Record<string, new (...args: never[]) => MigrateError>> = {
  UnknownRevisionError,
  AmbiguousRevisionError,
  MultipleHeadsError,
  RevisionCycleError,
  DuplicateRevisionError,
  MissingDownRevisionError,
  InvalidTargetError,
  UnknownDbRevisionError,
  SeveralDbHeadsError,
  StepFailedError,
  CheckFailedError,
  ReadBackError,
  InvalidOperationError,
  CancelledError,
  OutOfMemoryError,
  InternalError,
};

/** Any thrown value as a MigrateError: ours as they are, anything else INTERNAL with its stack. */
export function asMigrateError(error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  if (isOutOfMemory(error)) return new OutOfMemoryError(error instanceof Error ? error.message : String(error));
  const internal = new InternalError(error instanceof Error ? error.message : String(error));
  internal.cause = error;
  if (error instanceof Error && error.stack) internal.stack = error.stack;
  return internal;
}

/**
 * Turns any thrown value into a structured-clone-safe ErrorInfo. A failed allocation keeps
 * its meaning (a worker reading a file too big for it throws a RangeError, not ours).
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  return asMigrateError(error).toInfo();
}

/** Rebuilds a MigrateError (keeping its subclass for instanceof checks) from ErrorInfo. */
export function errorFromInfo(info: ErrorInfo): MigrateError {
  const error = new MigrateError(info.code, info.message, info.data);
  const cls = classes[info.name];
  if (cls) Object.setPrototypeOf(error, cls.prototype);
  Object.assign(error, info.data);
  error.name = info.name;
  if (info.stack) error.stack = info.stack;
  return error;
}
