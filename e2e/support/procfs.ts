import fs from 'node:fs';

/** What the kernel says about one process right now (Linux /proc). */
export interface ProcessUsage {
  pid: number;
  /** The kernel's short command name (15 characters at most), e.g. "mediasoup-work". */
  comm: string;
  rssKb: number;
  /** Entries in /proc/<pid>/fd: files, sockets, pipes, eventfds. */
  fds: number;
  threads: number;
  /** User + system CPU time so far. */
  cpuSeconds: number;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream build). */
const ticksPerSecond = 100;

/** One process's memory, descriptors and CPU, or undefined once it is gone. */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return {
      pid,
      comm: stat.comm,
      rssKb: field('VmRSS'),
      fds: fs.readdirSync(`/proc/${pid}/fd`).length,
      threads: field('Threads'),
      cpuSeconds: stat.cpuTicks / ticksPerSecond,
    };
  } catch {
    // It exited between the listing and the reads: the caller treats it as gone.
    return undefined;
  }
}

/** The direct children of a process (mediasoup workers under the SFU, ffmpeg under the ground agent), oldest first. */
export function childrenOf(parentPid: number): { pid: number; comm: string; zombie: boolean }[] {
  const children: { pid: number; comm: string; zombie: boolean }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const stat = parseStat(text);
    if (stat.ppid === parentPid) children.push({ pid: Number(entry), comm: stat.comm, zombie: stat.state === 'Z' });
  }
  return children.sort((a, b) => a.pid - b.pid);
}

/** /proc/<pid>/stat: "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted from its last ")". */
function parseStat(text: string): { comm: string; state: string; ppid: number; cpuTicks: number } {
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // After comm: state(0) ppid(1) ... utime(11) stime(12).
  return { comm, state: fields[0] ?? '?', ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
}
