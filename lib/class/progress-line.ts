import { StackResult, StackRun } from './class-schedule';
import { ClassStack, ClassVerb, SHARED_OWNER_LABEL } from './class-stacks';
import { formatDuration } from './class-report';

/** Where progress goes, and whether it is a terminal (rewritten in place) or a log (lines). */
export interface ProgressOutput {
  write(text: string): unknown;
  /** A terminal: one line redrawn in place. Otherwise a line per event and a status line every `everySeconds`. */
  readonly isTTY?: boolean;
}

/**
 * The live progress of a run: on a terminal one line redrawn every second
 * (`[class deploy 12m 03s] shared 1/1 | participants: 12 done, 10 running, 1 failed, 7 waiting`);
 * in a log (CI) a line for each stack that starts or ends, and the same status line every 30 s.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private readonly running = new Set<ClassStack>();
  private readonly finished: StackRun[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastStatus = 0;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly verb: ClassVerb,
    private readonly selected: readonly ClassStack[],
    private readonly everySeconds = 30,
  ) {}

  /** Starts the redraw timer. */
  public start(): void {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  /** A stack started. */
  public stackStarted(stack: ClassStack): void {
    this.running.add(stack);
    if (!this.out.isTTY) this.line(`${stack.owner ?? SHARED_OWNER_LABEL} ${stack.name}: ${this.verb} started`);
  }

  /** A stack ended (or was settled without terraform). */
  public stackEnded(run: StackRun): void {
    this.running.delete(run.stack);
    this.finished.push(run);
    if (run.result === StackResult.LEFT_OUT) return;
    const time = run.seconds === undefined ? '' : ` in ${formatDuration(run.seconds)}`;
    const why = run.result === StackResult.FAILED ? ` (${run.step}: ${run.errorLines?.[0] ?? ''})` : run.reason === undefined ? '' : ` (${run.reason})`;
    this.line(`${run.stack.owner ?? SHARED_OWNER_LABEL} ${run.stack.name}: ${run.result}${time}${why}`);
  }

  /** Stops the timer and clears the terminal line. */
  public stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[K');
  }

  /** The status line. */
  public status(): string {
    const owners = [...new Set(this.selected.filter((s) => s.owner !== undefined).map((s) => s.owner as string))];
    const shared = this.selected.filter((s) => s.owner === undefined);
    const endedOf = (owner: string) => this.finished.filter((r) => r.stack.owner === owner);
    const failed = owners.filter((o) => endedOf(o).some((r) => r.result !== StackResult.LEFT_OUT && ![StackResult.DEPLOYED, StackResult.DESTROYED, StackResult.ALREADY_DESTROYED].includes(r.result)));
    const done = owners.filter((o) => !failed.includes(o) && this.selected.filter((s) => s.owner === o).every((s) => endedOf(o).some((r) => r.stack === s)));
    const running = owners.filter((o) => [...this.running].some((s) => s.owner === o));
    const waiting = owners.length - failed.length - done.length - running.length;
    const sharedDone = shared.filter((s) => this.finished.some((r) => r.stack === s)).length;
    const parts = [
      ...(shared.length > 0 ? [`shared ${sharedDone}/${shared.length}${shared.some((s) => this.running.has(s)) ? ' (running)' : ''}`] : []),
      ...(owners.length > 0 ? [`participants: ${done.length} done, ${running.length} running, ${failed.length} failed, ${waiting} waiting`] : []),
    ];
    return `[class ${this.verb} ${formatDuration((Date.now() - this.started) / 1000)}] ${parts.join(' | ')}`;
  }

  private tick(): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${this.status()}`);
      this.drawn = true;
    } else if (Date.now() - this.lastStatus >= this.everySeconds * 1000) {
      this.line(this.status());
    }
  }

  private line(text: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[K${text}\n${this.status()}`);
      this.drawn = true;
    } else {
      this.out.write(`${text}\n`);
      this.lastStatus = Date.now();
    }
  }
}
