import { describe, expect, it } from 'vitest';
import { browserBuffers, RESERVE_BYTES } from '../../src/worker/browser-buffers.ts';

describe('the browser buffers counter', () => {
  it('reserves once every so many bytes the browser made, and counts again from there', () => {
    const reserved: number[] = [];
    const counter = browserBuffers(100, (bytes) => reserved.push(bytes));
    counter.made(60);
    expect(reserved).toEqual([]);
    counter.made(40);
    expect(reserved).toEqual([RESERVE_BYTES]);
    counter.made(99);
    expect(reserved).toHaveLength(1);
    counter.made(250);
    expect(reserved).toHaveLength(2);
  });

  it('goes on reading when not even an untouched reservation can be made', () => {
    let tries = 0;
    const counter = browserBuffers(10, () => {
      tries++;
      throw new RangeError('Array buffer allocation failed');
    });
    expect(() => {
      counter.made(10);
      counter.made(10);
    }).not.toThrow();
    expect(tries).toBe(2);
  });

});
