import { ObservableValue, type Observable } from '../observable.ts';

export type LogTone = 'info' | 'warning' | 'error';

/** What an entry is about, for its label and colour in the log. */
export type LogCategory = 'drone' | 'command' | 'control' | 'pose' | 'video' | 'capture' | 'gallery' | 'peers' | 'server';

export interface LogEntry {
  id: number;
  /** When it was logged, this page's clock (epoch ms). */
  time: number;
  category: LogCategory;
  tone: LogTone;
  text: string;
}

/** The console's event log: newest first, the oldest dropped past `capacity`. */
export class EventLog {
  readonly #entries = new ObservableValue<readonly LogEntry[]>([]);
  readonly #capacity: number;
  readonly #clock: () => number;
  #nextId = 1;

  constructor(options: { capacity?: number; clock?: () => number } = {}) {
    this.#capacity = options.capacity ?? 200;
    this.#clock = options.clock ?? Date.now;
  }

  get entries(): Observable<readonly LogEntry[]> {
    return this.#entries;
  }

  add(category: LogCategory, text: string, tone: LogTone = 'info'): void {
    const entry: LogEntry = { id: this.#nextId++, time: this.#clock(), category, tone, text };
    this.#entries.set([entry, ...this.#entries.value].slice(0, this.#capacity));
  }

  clear(): void {
    this.#entries.set([]);
  }
}
