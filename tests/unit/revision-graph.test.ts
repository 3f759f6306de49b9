import { describe, expect, it } from 'vitest';
import {
  AmbiguousRevisionError,
  DuplicateRevisionError,
  InvalidTargetError,
  MissingDownRevisionError,
  MultipleHeadsError,
  RevisionCycleError,
  RevisionGraph,
  UnknownRevisionError,
  errorFromInfo,
  type RevisionNode,
} from '../../src/engine/index.ts';

/** The error `fn` throws; the test fails when it returns instead. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.unreachable('expected a throw');
}

const node = (revision: string, downRevision: RevisionNode['downRevision']): RevisionNode => ({ revision, downRevision });

// a1 <- b2 <- c3
const linear = () => new RevisionGraph([node('a1aaaa', null), node('b2bbbb', 'a1aaaa'), node('c3cccc', 'b2bbbb')]);
// a <- b <- {c, d} <- m (merge)
const branched = () =>
  new RevisionGraph([node('aaaa01', null), node('bbbb01', 'aaaa01'), node('cccc01', 'bbbb01'), node('dddd01', 'bbbb01')]);
const merged = () =>
  new RevisionGraph([
    node('aaaa01', null),
    node('bbbb01', 'aaaa01'),
    node('cccc01', 'bbbb01'),
    node('dddd01', 'bbbb01'),
    node('eeee01', ['cccc01', 'dddd01']),
  ]);

describe('revision graph', () => {
  it('knows heads, bases and the base-first order', () => {
    const g = linear();
    expect(g.heads).toEqual(['c3cccc']);
    expect(g.bases).toEqual(['a1aaaa']);
    expect(g.head).toBe('c3cccc');
    expect(g.ordered.map((n) => n.revision)).toEqual(['a1aaaa', 'b2bbbb', 'c3cccc']);
  });

  it('orders children after parents even when declared out of order', () => {
    const g = new RevisionGraph([node('c', 'b'), node('a', null), node('b', 'a')]);
    expect(g.ordered.map((n) => n.revision)).toEqual(['a', 'b', 'c']);
  });

  it('resolves head, heads, base, ids and unique prefixes', () => {
    const g = linear();
    expect(g.resolveTarget('head')).toEqual(['c3cccc']);
    expect(g.resolveTarget('heads')).toEqual(['c3cccc']);
    expect(g.resolveTarget('base')).toEqual([]);
    expect(g.resolveTarget('b2bbbb')).toEqual(['b2bbbb']);
    expect(g.resolveTarget('b2')).toEqual(['b2bbbb']);
  });

  it('resolves relative targets as Alembic does', () => {
    const g = linear();
    expect(g.resolveTarget('+1', ['a1aaaa'])).toEqual(['b2bbbb']);
    expect(g.resolveTarget('+2', [])).toEqual(['b2bbbb']);
    expect(g.resolveTarget('-1', ['c3cccc'])).toEqual(['b2bbbb']);
    expect(g.resolveTarget('-3', ['c3cccc'])).toEqual([]);
    expect(g.resolveTarget('a1+2')).toEqual(['c3cccc']);
    expect(g.resolveTarget('head-2')).toEqual(['a1aaaa']);
    expect(g.resolveTarget('base+1')).toEqual(['a1aaaa']);
    expect(() => g.resolveTarget('+1', ['c3cccc'])).toThrow(InvalidTargetError);
    expect(() => g.resolveTarget('-1', [])).toThrow(InvalidTargetError);
  });

  it('refuses an ambiguous prefix with the candidates', () => {
    const e = thrownBy(() => new RevisionGraph([node('abc1', null), node('abc2', 'abc1')]).resolveTarget('abc'));
    expect(e).toBeInstanceOf(AmbiguousRevisionError);
    expect((e as AmbiguousRevisionError).candidates).toEqual(['abc1', 'abc2']);
    expect((e as AmbiguousRevisionError).code).toBe('AMBIGUOUS_REVISION');
  });

  it('refuses unknown revisions', () => {
    expect(() => linear().resolveTarget('zzz')).toThrow(UnknownRevisionError);
    expect(() => linear().get('zzz')).toThrow(UnknownRevisionError);
  });

  it('reports multiple heads for "head" but resolves "heads"', () => {
    const g = branched();
    expect(g.heads).toEqual(['cccc01', 'dddd01']);
    expect(() => g.head).toThrow(MultipleHeadsError);
    const e = thrownBy(() => g.resolveTarget('head'));
    expect(e).toBeInstanceOf(MultipleHeadsError);
    expect((e as MultipleHeadsError).heads).toEqual(['cccc01', 'dddd01']);
    expect((e as MultipleHeadsError).code).toBe('MULTIPLE_HEADS');
    expect(g.resolveTarget('heads')).toEqual(['cccc01', 'dddd01']);
  });

  it('finds cycles, duplicates and missing parents when built', () => {
    expect(() => new RevisionGraph([node('a', 'b'), node('b', 'a')])).toThrow(RevisionCycleError);
    expect(() => new RevisionGraph([node('a', null), node('a', null)])).toThrow(DuplicateRevisionError);
    expect(() => new RevisionGraph([node('a', 'nope')])).toThrow(MissingDownRevisionError);
  });

  it('plans upgrades base first and downgrades newest first', () => {
    const g = linear();
    expect(g.upgradePath([], ['c3cccc']).map((n) => n.revision)).toEqual(['a1aaaa', 'b2bbbb', 'c3cccc']);
    expect(g.upgradePath(['a1aaaa'], ['c3cccc']).map((n) => n.revision)).toEqual(['b2bbbb', 'c3cccc']);
    expect(g.downgradePath(['c3cccc'], []).map((n) => n.revision)).toEqual(['c3cccc', 'b2bbbb', 'a1aaaa']);
    expect(g.downgradePath(['c3cccc'], ['a1aaaa']).map((n) => n.revision)).toEqual(['c3cccc', 'b2bbbb']);
    expect(() => g.upgradePath(['c3cccc'], ['a1aaaa'])).toThrow(InvalidTargetError);
    expect(() => g.downgradePath(['a1aaaa'], ['c3cccc'])).toThrow(InvalidTargetError);
  });

  it('keeps one recorded head per branch and joins them at a merge', () => {
    const g = merged();
    expect(g.head).toBe('eeee01');
    expect(g.headsAfter(['bbbb01'], 'cccc01', 'upgrade')).toEqual(['cccc01']);
    expect(g.headsAfter(['cccc01'], 'dddd01', 'upgrade')).toEqual(['cccc01', 'dddd01']);
    expect(g.headsAfter(['cccc01', 'dddd01'], 'eeee01', 'upgrade')).toEqual(['eeee01']);
    expect(g.headsAfter(['eeee01'], 'eeee01', 'downgrade')).toEqual(['cccc01', 'dddd01']);
    expect(g.headsAfter(['cccc01', 'dddd01'], 'dddd01', 'downgrade')).toEqual(['cccc01']);
    expect(g.upgradePath([], ['eeee01']).map((n) => n.revision)).toEqual(['aaaa01', 'bbbb01', 'cccc01', 'dddd01', 'eeee01']);
  });

  it('errors survive a structured clone as data and come back typed', () => {
    const original = new MultipleHeadsError(['x', 'y']);
    const info = structuredClone(original.toInfo());
    const back = errorFromInfo(info);
    expect(back).toBeInstanceOf(MultipleHeadsError);
    expect(back.code).toBe('MULTIPLE_HEADS');
    expect((back as MultipleHeadsError).heads).toEqual(['x', 'y']);
    expect(back.message).toBe(original.message);
  });
});
