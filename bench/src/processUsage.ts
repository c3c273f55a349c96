import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcessSample {
  pid: number;
  cpuSeconds: number;
  rssMb: number;
}

/** CPU time used so far and resident memory of one process, from /proc (Linux). */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / clockTicks;
    const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { pid, cpuSeconds, rssMb: rss ? Number(rss[1]) / 1024 : 0 };
  } catch {
    return undefined;
  }
}

/** The process and its direct children (the SFU's mediasoup workers). */
export function processTree(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when there are no children.
  }
  return [pid, ...out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0)];
}

export interface UsageReport {
  cpuPercentOfOneCore: number;
  rssMb: number;
}

/** Measures a set of processes over a window: call start(), then finish() at the end. */
export function measureUsage(pids: number[]): { finish(): UsageReport } {
  const before = new Map(pids.map((pid) => [pid, sampleProcess(pid)]));
  const startedAt = performance.now();
  return {
    finish: () => {
      const elapsedS = (performance.now() - startedAt) / 1000;
      let cpu = 0;
      let rss = 0;
      for (const pid of pids) {
        const a = before.get(pid);
        const b = sampleProcess(pid);
        if (a && b) cpu += b.cpuSeconds - a.cpuSeconds;
        if (b) rss += b.rssMb;
      }
      return { cpuPercentOfOneCore: Math.round((cpu / elapsedS) * 1000) / 10, rssMb: Math.round(rss) };
    },
  };
}
