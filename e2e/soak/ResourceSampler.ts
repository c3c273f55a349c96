import { childrenOf, readProcessUsage } from '../support/procfs.ts';
import type { SfuInventory } from './sfuInventory.ts';

/** A process the soak watches, looked up again at every sample (the launcher restarts the ones that die). */
export interface WatchedProcess {
  name: string;
  pid(): number | undefined;
  /** Also watch its children whose command name starts with this, each as "<name> <child>" (the SFU's mediasoup workers). */
  childrenNamed?: { prefix: string; as: string };
}

export interface ProcessSample {
  pid: number;
  rssMb: number;
  fds: number;
  threads: number;
  cpuSeconds: number;
  /** Child processes now (the ground agent's ffmpeg while it records), and how many of them are zombies. */
  children: number;
  zombies: number;
}

export interface Sample {
  /** Seconds since the churn started (negative: before it). */
  t: number;
  /** Phones connected at the time. */
  phones: number;
  processes: Record<string, ProcessSample>;
  inventory: SfuInventory | null;
}

export interface ResourceSamplerOptions {
  processes: WatchedProcess[];
  scrapeInventory(): Promise<SfuInventory>;
  phones(): number;
  intervalMs: number;
  startedAt: number;
  /** A process's pid changed or a mediasoup worker vanished between samples: something died. */
  onChange(message: string): void;
}

/** Samples every watched process (and the SFU's inventory) every `intervalMs`, from /proc. */
export class ResourceSampler {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastPids = new Map<string, number>();

  constructor(private readonly options: ResourceSamplerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sample(): Promise<Sample> {
    const processes: Record<string, ProcessSample> = {};
    const seen = new Map<string, number>();
    for (const watched of this.options.processes) {
      const pid = watched.pid();
      if (pid === undefined) continue;
      const parent = this.read(pid);
      if (!parent) continue;
      processes[watched.name] = parent;
      seen.set(watched.name, pid);
      if (!watched.childrenNamed) continue;
      const { prefix, as } = watched.childrenNamed;
      childrenOf(pid)
        .filter((c) => c.comm.startsWith(prefix))
        .forEach((child, index) => {
          const usage = this.read(child.pid);
          const name = `${as} ${index}`;
          if (usage) processes[name] = usage;
          seen.set(name, child.pid);
        });
    }
    this.noteChanges(seen);
    let inventory: SfuInventory | null = null;
    try {
      inventory = await this.options.scrapeInventory();
    } catch {
      // A scrape that fails (SFU restarting) leaves a gap; the process table still says what happened.
    }
    const sample: Sample = { t: Math.round((Date.now() - this.options.startedAt) / 100) / 10, phones: this.options.phones(), processes, inventory };
    this.samples.push(sample);
    return sample;
  }

  private read(pid: number): ProcessSample | undefined {
    const usage = readProcessUsage(pid);
    if (!usage) return undefined;
    const children = childrenOf(pid);
    return {
      pid,
      rssMb: Math.round((usage.rssKb / 1024) * 10) / 10,
      fds: usage.fds,
      threads: usage.threads,
      cpuSeconds: Math.round(usage.cpuSeconds * 10) / 10,
      children: children.length,
      zombies: children.filter((c) => c.zombie).length,
    };
  }

  private noteChanges(seen: Map<string, number>): void {
    for (const [name, pid] of this.lastPids) {
      const now = seen.get(name);
      if (now === undefined) this.options.onChange(`${name} (pid ${pid}) is gone`);
      else if (now !== pid) this.options.onChange(`${name} was pid ${pid}, now pid ${now}: it was restarted`);
    }
    this.lastPids = seen;
  }
}
