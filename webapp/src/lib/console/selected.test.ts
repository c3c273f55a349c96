import { describe, expect, it } from 'vitest';
import { ObservableValue } from '../observable.ts';
import { selected } from './selected.ts';

describe('a part of an observable', () => {
  it('tells its listener at once, then only when the part changes', () => {
    const last = { label: 'Arm' };
    const view = new ObservableValue({ telemetry: 1, last: null as { label: string } | null });
    const seen: unknown[] = [];
    const off = selected(view, (v) => v.last).subscribe((value) => seen.push(value));
    view.set({ telemetry: 2, last: null });
    view.set({ telemetry: 3, last });
    view.set({ telemetry: 4, last });
    expect(seen).toEqual([null, last]);
    expect(selected(view, (v) => v.telemetry).value).toBe(4);
    off();
    view.set({ telemetry: 5, last: { label: 'Land' } });
    expect(seen).toHaveLength(2);
  });
});
