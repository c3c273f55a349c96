import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const getconf = (name: string, fallback: number): number => Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
const clockTicks = getconf('CLK_TCK', 100);
const pageBytes = getconf('PAGESIZE', 4096);

interface ProcStat {
  pid: number;
  ppid: number;
  /** Its own CPU time plus that of its children it has reaped (an ffmpeg that was restarted), seconds. */
  cpuSeconds: number;
  rssMb: number;
}

/** One process from /proc (Linux); undefined when it is gone. */
function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ": state, ppid, ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0); // utime stime cutime cstime
    const rssPages = Number(fields[21]);
    return { pid, ppid: Number(fields[1]), cpuSeconds: ticks / clockTicks, rssMb: (rssPages * pageBytes) / 2 ** 20 };
  } catch {
    return undefined;
  }
}

/** `root` and everything below it, given each process's parent. */
export function descendantsOf(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function treeStats(root: number): ProcStat[] {
  const all = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name))).filter((s): s is ProcStat => s !== undefined);
  const byPid = new Map(all.map((s) => [s.pid, s]));
  return descendantsOf(root, new Map(all.map((s) => [s.pid, s.ppid]))).flatMap((pid) => byPid.get(pid) ?? []);
}

export interface TreeUsage {
  cpuPercentOfOneCore: number;
  rssMb: number;
}

/**
 * The CPU a process and all its descendants use over a window: the ground agent with the ffmpeg it
 * spawns, the SFU with its mediasoup worker. Unlike a fixed list of pids, a child that exits or is
 * restarted in the window still counts (its time moves to its parent's reaped-children time).
 * The root must live through the window.
 */
export function measureTreeCpu(root: number): { finish(): TreeUsage } {
  const cpuOf = (stats: ProcStat[]): number => stats.reduce((sum, s) => sum + s.cpuSeconds, 0);
  const before = cpuOf(treeStats(root));
  const startedAt = performance.now();
  return {
    finish: () => {
      const elapsedS = (performance.now() - startedAt) / 1000;
      const after = treeStats(root);
      if (!after.some((s) => s.pid === root)) throw new Error(`process ${root} exited during the measurement`);
      return {
        cpuPercentOfOneCore: Math.round(((cpuOf(after) - before) / elapsedS) * 1000) / 10,
        rssMb: Math.round(after.reduce((sum, s) => sum + s.rssMb, 0)),
      };
    },
  };
}
