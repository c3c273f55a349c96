import fs from 'node:fs';

/** This process's children whose command line contains every one of `words` (Linux /proc). */
export function childProcesses(...words: string[]): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the parent pid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (words.every((word) => args.includes(word))) pids.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
