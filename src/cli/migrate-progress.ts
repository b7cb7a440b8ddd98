/**
 * Progress of a copy on stderr: on a terminal one line per table redrawn in place (bar, n/total,
 * rate); otherwise plain lines, at most one a second per table, so logs stay readable.
 */
const redrawMs = 100;
const lineMs = 1000;
const barWidth = 24;

export class CopyProgress {
  private name = '';
  private total = 0;
  private n = 0;
  private started = 0;
  private shown = 0;

  constructor(private out: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr) {}

  start(name: string, total: number): void {
    Object.assign(this, { name, total, n: 0, started: Date.now(), shown: 0 });
    if (this.out.isTTY) this.draw();
  }

  add(rows: number): void {
    this.n += rows;
    const now = Date.now();
    const since = Math.max(this.shown, this.out.isTTY ? 0 : this.started);
    if (now - since < (this.out.isTTY ? redrawMs : lineMs) || this.n >= this.total) return;
    this.shown = now;
    if (this.out.isTTY) this.draw();
    else this.out.write(this.line() + '\n');
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[K' + this.line() + '\n');
    else this.out.write(this.line() + '\n');
  }

  private draw(): void {
    const filled = this.total ? Math.round((this.n / this.total) * barWidth) : barWidth;
    this.out.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${this.line()}`);
  }

  private line(): string {
    const secs = Math.max((Date.now() - this.started) / 1000, 0.001);
    return `${this.name}  ${this.n}/${this.total}  ${Math.round(this.n / secs)} rows/s`;
  }
}
