/**
 * pandas.Timestamp as Entropy's 0.2 -> 0.3 step makes them: `pd.Timestamp(ns)` and
 * `timestamp + pd.Timedelta(seconds=n)`, written by jsonpickle as `Timestamp.isoformat()`
 * (nanoseconds shown only when there are any, else microseconds only when there are any).
 * Arithmetic is on BigInt nanoseconds: the values exceed 2^53.
 */
import { ParamStoreFileError } from './errors.ts';

const NS_PER_DAY = 86_400_000_000_000n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** pandas keeps int64 nanoseconds; its lowest value is NaT. */
const inRange = (ns: bigint): boolean => ns > INT64_MIN && ns <= INT64_MAX;

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, '0');
}

export function isoformatOfNs(ns: bigint, path: string): string {
  if (!inRange(ns)) {
    throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} holds a time (${ns} ns) outside what pandas can represent.`, { path });
  }
  let days = ns / NS_PER_DAY;
  let rest = ns % NS_PER_DAY;
  if (rest < 0n) {
    rest += NS_PER_DAY;
    days -= 1n;
  }
  const date = new Date(Number(days) * 86_400_000);
  const seconds = rest / 1_000_000_000n;
  const nanos = rest % 1_000_000_000n;
  const fraction = nanos === 0n ? '' : nanos % 1000n !== 0n ? `.${pad(nanos, 9)}` : `.${pad(nanos / 1000n, 6)}`;
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}${fraction}`
  );
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/** The wall-clock nanoseconds of an isoformat and its UTC-offset suffix (kept as written). */
function parseIsoformat(iso: string, path: string): { ns: bigint; suffix: string } {
  const m = ISO.exec(iso);
  if (!m) {
    throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} holds a timestamp "${iso}" this tool cannot read.`, { path });
  }
  const days = BigInt(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
  const seconds = BigInt(Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]));
  const nanos = BigInt((m[7] ?? '').padEnd(9, '0'));
  return { ns: days * NS_PER_DAY + seconds * 1_000_000_000n + nanos, suffix: m[8] ?? '' };
}

/** `timestamp + pd.Timedelta(nanoseconds)` for a timestamp given by its isoformat. */
export function addNanos(iso: string, delta: bigint, path: string): string {
  const { ns, suffix } = parseIsoformat(iso, path);
  if (!inRange(delta)) {
    throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} holds an expiration of ${delta / 1_000_000_000n} seconds, more than pandas can add.`, { path });
  }
  return isoformatOfNs(ns + delta, path) + suffix;
}
