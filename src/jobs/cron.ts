import { Cron } from 'croner';
import { NotFoundError } from '../lib/errors.js';
import type { Store } from '../store/store.js';
import { createTables } from '../store/create-tables.js';

export type JobFn = () => Promise<void> | void;

interface Job {
  id: string;
  expression: string;
  run: JobFn;
  timer: Cron;
}

/**
 * Scheduled jobs. Each firing first claims its scheduled time in a lease row of the store, so
 * with several processes or nodes on one database a job runs once per schedule, not once per process.
 */
export class CronScheduler {
  private jobs = new Map<string, Job>();
  private ready: Promise<void>;

  constructor(private store: Store, private onError: (id: string, err: unknown) => void = () => undefined) {
    this.ready = createTables(store, 'CREATE TABLE IF NOT EXISTS _jobLeases (id TEXT PRIMARY KEY NOT NULL, slot BIGINT NOT NULL)');
  }

  add(id: string, expression: string, run: JobFn): void {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`invalid cron job id "${id}"`);
    this.remove(id);
    const timer = new Cron(expression, { timezone: 'UTC', paused: false, protect: true }, () => this.fire(id));
    this.jobs.set(id, { id, expression, run, timer });
  }

  remove(id: string): void {
    this.jobs.get(id)?.timer.stop();
    this.jobs.delete(id);
  }

  /** Jobs as `GET /api/crons` lists them: user jobs by id, system (`__…`) jobs last. */
  list(): { id: string; expression: string }[] {
    const all = [...this.jobs.values()].map((j) => ({ id: j.id, expression: j.expression }));
    const system = (id: string) => id.startsWith('__');
    return all.sort((a, b) => Number(system(a.id)) - Number(system(b.id)) || a.id.localeCompare(b.id));
  }

  /** Runs a job now, in the background, as `POST /api/crons/{id}` does. */
  runNow(id: string): void {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError('Missing or invalid cron job.');
    void this.execute(job);
  }

  private async fire(id: string) {
    const job = this.jobs.get(id);
    if (!job) return;
    // every process computes the same scheduled time for this firing: it names the claim
    const slot = (job.timer.currentRun() ?? new Date()).getTime();
    if (await this.claim(id, slot)) await this.execute(job);
  }

  /** Only the first process to move a job's slot forward runs that firing. */
  private async claim(id: string, slot: number): Promise<boolean> {
    await this.ready;
    const r = await this.store.run(
      'INSERT INTO _jobLeases (id, slot) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET slot = excluded.slot WHERE _jobLeases.slot < excluded.slot',
      [id, Math.floor(slot / 1000)],
    );
    return r.changes > 0;
  }

  private async execute(job: Job) {
    try {
      await job.run();
    } catch (err) {
      this.onError(job.id, err);
    }
  }

  stop(): void {
    for (const j of this.jobs.values()) j.timer.stop();
    this.jobs.clear();
  }
}
