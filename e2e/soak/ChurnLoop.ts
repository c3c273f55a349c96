import type { Browser } from 'playwright-core';
import { videoTransports, type VideoTransport } from '@dronecast/protocol';
import type { ActionKind, ActionTally } from './ActionTally.ts';
import { BrowserPhone } from './BrowserPhone.ts';
import { pruneGallery, recordingMs, takePhoto, toggleRecording, viewGallery } from './captureActions.ts';
import type { DroneWatch } from './DroneWatch.ts';
import { flySortie } from './FlightSortie.ts';
import { NodePhone } from './NodePhone.ts';
import type { Phone, PhoneRole } from './Phone.ts';
import type { Random } from '../support/Random.ts';

export interface ChurnOptions {
  origin: string;
  ca: string;
  tokens: Record<PhoneRole, string>;
  urls: Record<PhoneRole, string>;
  /** Phones connected at most at once. */
  phones: number;
  /** Chromium pages at most at once (needs `browser`). */
  browserPages: number;
  browser: Browser | undefined;
  watch: DroneWatch;
  tally: ActionTally;
  random: Random;
  onWarning(line: string): void;
}

/** The longest an action may take: a sortie's take-off, moves and a return home with its own limits. */
const settleLimitMs = 300_000;
/** A phone stays at least this long before the churn may take it away. */
const shortestStayMs = 20_000;

/**
 * The soak's phones: every 1-3 s one random thing happens, as on a field day: a phone joins (a
 * Chromium page or a Node client, pilot or viewer, over a random transport) or leaves, switches
 * its transport, a pilot flies a sortie, takes a photo, starts or stops a recording, prunes the
 * gallery, or a phone opens the gallery. Actions run concurrently, one per phone at a time; now
 * and then a phone leaves in the middle of one (a pilot mid-flight: the failsafe's case).
 */
export class ChurnLoop {
  readonly phones: Phone[] = [];
  droneCommands = 0;
  /** Every action and leave under way, with what it is and since when (a hang shows up here). */
  private readonly running = new Map<Promise<unknown>, { what: string; since: number }>();
  private sortieRunning = false;
  private nextNumber = 1;

  constructor(private readonly options: ChurnOptions) {}

  /** Takes random actions until `untilMs`; the ones under way finish in drain(). */
  async run(untilMs: number, onMinute: () => void): Promise<void> {
    let nextMinute = Date.now() + 60_000;
    while (Date.now() < untilMs) {
      this.step();
      await sleep(this.options.random.between(1000, 3000));
      if (Date.now() >= nextMinute) {
        nextMinute += 60_000;
        onMinute();
      }
    }
  }

  /** Actions under way for over a minute, e.g. "fly node-pilot-3 (75 s)". */
  longRunning(): string[] {
    const now = Date.now();
    return [...this.running.values()].filter((r) => now - r.since > 60_000).map((r) => `${r.what} (${Math.round((now - r.since) / 1000)} s)`);
  }

  /**
   * Waits for the actions under way; each has its own time limits, so one still running after
   * the longest of them (a sortie that ends in a slow return home) is hung: a fault, named.
   */
  private async settle(): Promise<void> {
    const settled = Promise.allSettled([...this.running.keys()]);
    if ((await Promise.race([settled.then(() => true), sleep(settleLimitMs).then(() => false)])) === true) return;
    for (const { what, since } of this.running.values()) {
      const [kind = 'join', label] = what.split(' ');
      this.options.tally.note(kind as ActionKind, 'failed', `still running ${Math.round((Date.now() - since) / 1000)} s after it started: hung`, label);
    }
    this.running.clear();
  }

  /**
   * After the churn: the recording stopped, the drone landed, every phone gone; what the SFU
   * holds afterwards is compared with what it held before the first phone.
   */
  async drain(): Promise<void> {
    await this.settle();
    const { watch, tally } = this.options;
    const pilot = new NodePhone(this.nodeOptions('drain-pilot', 'pilot'));
    try {
      await pilot.join('websocket');
      if (watch.recording?.recording) await tally.run('record', pilot.label, () => pilot.request('capture:stopRecording', {}).then(() => {}));
      if (watch.telemetry && (watch.telemetry.armed || watch.telemetry.state !== 'connected')) {
        await tally.run('fly', pilot.label, () => this.landNow(pilot));
      }
      await tally.run('delete', pilot.label, () => pruneGallery(pilot).then(() => {}));
    } finally {
      await pilot.leave();
    }
    await Promise.allSettled(this.phones.splice(0).map((phone) => phone.leave()));
  }

  get browserPages(): number {
    return this.phones.filter((p) => p.kind === 'browser').length;
  }

  private step(): void {
    const { random } = this.options;
    const now = Date.now();
    const idle = this.phones.filter((p) => !p.busy);
    const idleNodePilots = idle.filter((p): p is NodePhone => p instanceof NodePhone && p.role === 'pilot');
    const idleNode = idle.filter((p): p is NodePhone => p instanceof NodePhone);
    const recording = this.options.watch.recording;
    const recordingDue = recording?.recording === true && recording.durationMs >= recordingMs.longest;
    // Start one, or stop the running one once it is long enough to be worth keeping.
    const recordable = recording?.recording !== true || recording.durationMs >= recordingMs.shortest;
    const stayed = (p: Phone) => now - p.joinedAt >= shortestStayMs;
    const kind = random.weighted({
      join: this.phones.length < this.options.phones ? 1 + 2 * (this.options.phones - this.phones.length) : 0,
      leave: this.phones.some((p) => stayed(p)) ? 1 : 0,
      switch: idle.length > 0 ? 2 : 0,
      fly: !this.sortieRunning && idleNodePilots.length > 0 ? 1.5 : 0,
      photo: idleNodePilots.length > 0 ? 0.6 : 0,
      record: idleNodePilots.length > 0 && recordable ? (recordingDue ? 5 : 0.8) : 0,
      delete: idleNodePilots.length > 0 ? 0.3 : 0,
      view: idleNode.length > 0 ? 0.5 : 0,
    } satisfies Record<ActionKind, number>);
    switch (kind) {
      case 'join':
        return this.join();
      case 'leave': {
        // Mostly idle phones; sometimes one in the middle of something, which must not leave a mess.
        const candidates = this.phones.filter((p) => stayed(p) && (!p.busy || random.chance(0.15)));
        if (candidates.length > 0) this.leave(random.pick(candidates));
        return;
      }
      case 'switch': {
        const phone = random.pick(idle);
        const to = random.pick(videoTransports.filter((t) => t !== phone.transport));
        return this.act(phone, 'switch', () => phone.switchTo(to));
      }
      case 'fly': {
        const pilot = random.pick(idleNodePilots);
        this.sortieRunning = true;
        const context = { watch: this.options.watch, random, onCommand: () => this.droneCommands++ };
        return this.act(pilot, 'fly', () => flySortie(pilot, context), () => (this.sortieRunning = false));
      }
      case 'photo': {
        const pilot = random.pick(idleNodePilots);
        return this.act(pilot, 'photo', () => takePhoto(pilot));
      }
      case 'record': {
        const pilot = random.pick(idleNodePilots);
        return this.act(pilot, 'record', () => toggleRecording(pilot, this.options.watch));
      }
      case 'delete': {
        const pilot = random.pick(idleNodePilots);
        return this.act(pilot, 'delete', () => pruneGallery(pilot).then(() => {}));
      }
      case 'view': {
        const phone = random.pick(idleNode);
        return this.act(phone, 'view', () => viewGallery(phone, this.options.origin, this.options.tokens[phone.role], this.options.ca));
      }
      case undefined:
        return;
    }
  }

  private join(): void {
    const { random, browser } = this.options;
    const role: PhoneRole = random.chance(0.5) ? 'pilot' : 'viewer';
    const inBrowser = browser !== undefined && this.browserPages < this.options.browserPages && random.chance(0.5);
    const label = `${inBrowser ? 'page' : 'node'}-${role}-${this.nextNumber++}`;
    const phone: Phone = inBrowser
      ? new BrowserPhone({
          label,
          role,
          browser,
          url: this.options.urls[role],
          onPageError: (message) => this.options.tally.note('join', 'failed', `uncaught in the page: ${message}`, label),
        })
      : new NodePhone(this.nodeOptions(label, role));
    this.phones.push(phone);
    const transport: VideoTransport = random.pick(videoTransports);
    this.act(phone, 'join', () => phone.join(transport), undefined, (outcome) => {
      // A phone that could not join goes away (closing whatever it opened), so the slot frees up.
      if (outcome !== 'ok' && !phone.leaving) this.leave(phone, false);
    });
  }

  private leave(phone: Phone, count = true): void {
    const index = this.phones.indexOf(phone);
    if (index >= 0) this.phones.splice(index, 1);
    const leaving = phone.leave();
    if (!count) return void this.track(leaving.catch(() => {}), `leave ${phone.label}`);
    this.track(this.options.tally.run('leave', phone.label, () => leaving), `leave ${phone.label}`);
  }

  /** Runs an action on a phone (busy meanwhile) and files its outcome. */
  private act(
    phone: Phone,
    kind: ActionKind,
    action: () => Promise<void>,
    finished?: () => void,
    then?: (outcome: string) => void,
  ): void {
    phone.busy = true;
    const run = this.options.tally.run(kind, phone.label, action, () => phone.leaving).then((outcome) => {
      phone.busy = false;
      finished?.();
      then?.(outcome);
    });
    this.track(run, `${kind} ${phone.label}`);
  }

  private track(work: Promise<unknown>, what: string): void {
    this.running.set(work, { what, since: Date.now() });
    void work.finally(() => this.running.delete(work));
  }

  private async landNow(pilot: NodePhone): Promise<void> {
    const { watch } = this.options;
    await pilot.request('control:acquire', {});
    const stopAlive = pilot.keepAlive();
    try {
      const t = watch.telemetry;
      if (t && t.state !== 'landing' && t.state !== 'returning' && t.state !== 'connected') {
        this.droneCommands++;
        const outcome = await pilot.request('drone:command', { command: { type: 'land' } });
        if (!outcome.ok) throw new Error(`land: ${outcome.reason}: ${outcome.message}`);
      }
      await watch.until((s) => !s.armed && s.state === 'connected', 150_000, 'touch-down and disarm');
    } finally {
      stopAlive();
      await pilot.request('control:release', {}).catch(() => {});
    }
  }

  private nodeOptions(label: string, role: PhoneRole) {
    return { label, role, origin: this.options.origin, token: this.options.tokens[role], ca: this.options.ca, onWarning: this.options.onWarning };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
