import type { Observable } from '../observable.ts';

/**
 * One part of an observable value, told only when that part changes (Object.is): the last
 * command's answer inside a flight view that changes with every telemetry sample, say.
 */
export function selected<T, U>(source: Observable<T>, select: (value: T) => U): Observable<U> {
  return {
    get value(): U {
      return select(source.value);
    },
    subscribe(listener: (value: U) => void): () => void {
      let told = false;
      let last: U;
      return source.subscribe((value) => {
        const next = select(value);
        if (told && Object.is(next, last)) return;
        told = true;
        last = next;
        listener(next);
      });
    },
  };
}
