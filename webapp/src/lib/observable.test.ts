import { describe, expect, it } from 'vitest';
import { ObservableValue } from './observable.ts';

describe('ObservableValue', () => {
  it('gives a new subscriber the current value at once, like a Svelte store', () => {
    const value = new ObservableValue(1);
    const seen: number[] = [];
    value.subscribe((v) => seen.push(v));
    expect(seen).toEqual([1]);
  });

  it('notifies on change only, and not after unsubscribing', () => {
    const value = new ObservableValue('a');
    const seen: string[] = [];
    const off = value.subscribe((v) => seen.push(v));
    value.set('a');
    value.set('b');
    off();
    value.set('c');
    expect(seen).toEqual(['a', 'b']);
    expect(value.value).toBe('c');
  });
});
