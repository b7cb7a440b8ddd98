/** CPU time and memory of a running process, read from /proc (Linux only). */
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in these ticks; 100 on every Linux build we run on. */
const ticksPerSec = 100;
/** Sampling RSS every 100 ms catches short peaks without costing the measured core anything noticeable. */
const sampleEveryMs = 100;

export interface ProcSnapshot {
  /** user + system CPU seconds since the process started. */
  cpuSec: number;
  rssKb: number;
  /** VmHWM: the highest RSS the process ever had. */
  hwmKb: number;
}

export function readProc(pid: number): ProcSnapshot | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSec = (Number(fields[11]) + Number(fields[12])) / ticksPerSec;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { cpuSec, rssKb: kbOf(status, 'VmRSS'), hwmKb: kbOf(status, 'VmHWM') };
  } catch {
    return null;
  }
}

function kbOf(status: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

export interface ProcUsage {
  /** CPU used over the window, in % of one core (can pass 100 when unpinned). */
  cpuPct: number;
  peakRssKb: number;
  /** CPU used by the whole machine over the window, in % of one core: shows other load. */
  machineCpuPct: number;
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
export function machineBusySec(): number {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return (user + nice + system + irq + softirq + steal) / ticksPerSec;
  } catch {
    return 0;
  }
}

/** Watches a process over a time window: CPU used and the highest RSS seen. */
export class ProcSampler {
  private readonly startCpu: number;
  private readonly startMachine = machineBusySec();
  private readonly startAt = performance.now();
  private peakRssKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    const first = readProc(pid);
    this.startCpu = first?.cpuSec ?? 0;
    this.peakRssKb = first?.rssKb ?? 0;
    this.timer = setInterval(() => this.sample(), sampleEveryMs);
  }

  private sample(): ProcSnapshot | null {
    const s = readProc(this.pid);
    if (s) this.peakRssKb = Math.max(this.peakRssKb, s.rssKb);
    return s;
  }

  stop(): ProcUsage {
    clearInterval(this.timer);
    const last = this.sample();
    const wallSec = (performance.now() - this.startAt) / 1000;
    const cpuSec = last ? last.cpuSec - this.startCpu : 0;
    const pct = (sec: number) => (wallSec > 0 ? (100 * sec) / wallSec : 0);
    return { cpuPct: pct(cpuSec), peakRssKb: this.peakRssKb, machineCpuPct: pct(machineBusySec() - this.startMachine) };
  }
}
