import { describe, expect, it } from 'vitest';
import { CounterDelta } from './CounterDelta.ts';

describe('CounterDelta', () => {
  it('counts growth from the first reading, not the value it started at', () => {
    const counter = new CounterDelta();
    expect(counter.update(5000)).toBe(0);
    expect(counter.update(5300)).toBe(300);
    expect(counter.update(5300)).toBe(0);
    expect(counter.total).toBe(300);
  });

  it('takes a smaller value as a restart: everything it shows is new', () => {
    const counter = new CounterDelta();
    counter.update(1000);
    counter.update(1500);
    expect(counter.update(200)).toBe(200);
    expect(counter.total).toBe(700);
  });

  it('takes a new owner as a restart even when its count is already higher', () => {
    const first = {};
    const second = {};
    const counter = new CounterDelta();
    counter.update(100, first);
    counter.update(150, first);
    expect(counter.update(400, second)).toBe(400);
    expect(counter.update(450, second)).toBe(50);
    expect(counter.total).toBe(500);
  });

  it('restartCount() zeroes the total but keeps following the counter', () => {
    const counter = new CounterDelta();
    counter.update(10);
    counter.update(30);
    counter.restartCount();
    expect(counter.total).toBe(0);
    expect(counter.update(45)).toBe(15);
    expect(counter.total).toBe(15);
  });
});
