import fs from 'node:fs';

/** A process's resident set in kB (VmRSS in /proc/<pid>/status), or 0 once it is gone. */
export function residentKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}
