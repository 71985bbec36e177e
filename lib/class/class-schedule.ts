import { ClassStack, ClassVerb } from './class-stacks';
import { StackState, StackStatus } from './stack-states';

/** What happened to one stack in a run. */
export enum StackResult {
  /** Applied. */
  DEPLOYED = 'deployed',
  /** Destroyed by this run. */
  DESTROYED = 'destroyed',
  /** Its state held nothing: no terraform was run. */
  ALREADY_DESTROYED = 'already destroyed',
  /** terraform failed (after its retries). */
  FAILED = 'FAILED',
  /** Deploy: not started, because a stack it depends on is not deployed. */
  NOT_RUN = 'not run',
  /** Destroy: not destroyed, because a stack that depends on it is still there. */
  KEPT = 'kept',
  /** Not selected by this run's filters. */
  LEFT_OUT = 'left out',
}

/** One stack's line of the report. */
export interface StackRun {
  /** The stack. */
  readonly stack: ClassStack;
  /** What happened. */
  readonly result: StackResult;
  /** Wall seconds of its terraform steps. @default - none ran */
  readonly seconds?: number;
  /** The step that failed (`init`, `apply`, `destroy`), with its attempts. @default - none */
  readonly step?: string;
  /** The failure's last error lines. @default - none */
  readonly errorLines?: readonly string[];
  /** Why it did not run, was kept or was left out. @default - none */
  readonly reason?: string;
  /** Its log file. @default - none ran */
  readonly logFile?: string;
}

/** How running one stack's terraform steps ended. */
export type StackOutcome =
  | { readonly ok: true; readonly seconds: number; readonly logFile: string }
  | { readonly ok: false; readonly seconds: number; readonly logFile: string; readonly step: string; readonly errorLines: readonly string[] };

/** What the schedule calls out to. */
export interface ScheduleDeps {
  /** Runs the stack's terraform steps for the verb. */
  runStack(stack: ClassStack): Promise<StackOutcome>;
  /** The state of a stack (of one that is not selected, and before a destroy). */
  readState(stack: string): Promise<StackState>;
  /** Told when a stack starts and ends. @default - nothing */
  onStart?(stack: ClassStack): void;
  onEnd?(run: StackRun): void;
  /** True once the run should start nothing new (Ctrl-C). @default - never */
  stopping?(): boolean;
}

/** The command that deploys a stack this one needs, for a `not run` reason. */
type Hint = (stack: ClassStack) => string;

/**
 * Runs `verb` on the selected stacks: each participant's stacks one after another (cluster then
 * workloads on deploy, the reverse on destroy), at most `parallel` participants at once (a shared
 * stack counts as one), a stack only once what it depends on is deployed (deploy) or what depends on
 * it is gone (destroy). A failure stops only what needs the failed stack: on deploy its dependents are
 * `not run`, on destroy its dependencies are `kept` (so the network stays while any participant is
 * left). A stack this run does not select counts by its state: a deploy needs the unselected stacks
 * it depends on deployed, a destroy needs the unselected stacks depending on it destroyed. On destroy,
 * a stack whose state holds nothing is `already destroyed` without running terraform, which is how a
 * second run continues where the first stopped.
 *
 * @returns one run per stack of `stacks`, in their order
 */
export async function runSchedule(
  verb: ClassVerb,
  stacks: readonly ClassStack[],
  parallel: number,
  deps: ScheduleDeps,
  hint: Hint = (s) => `deploy it first (npm run class -- deploy${s.owner === undefined ? ` --kinds ${s.plan.kind}` : ` --participants ${s.owner}`})`,
): Promise<StackRun[]> {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const done = new Map<string, StackRun>();
  for (const stack of stacks) {
    if (!stack.selected) done.set(stack.name, { stack, result: StackResult.LEFT_OUT, reason: `left out by ${stack.leftOutBy}` });
  }
  const unitOf = (stack: ClassStack) => stack.owner ?? `shared:${stack.name}`;
  const unitOrder = [...new Set(stacks.map(unitOf))];
  // Deploy in plan order; destroy each unit's stacks in reverse, units still in plan order.
  let pending = stacks
    .filter((s) => s.selected)
    .sort((a, b) => {
      if (verb === ClassVerb.DEPLOY) return stacks.indexOf(a) - stacks.indexOf(b);
      const unit = unitOrder.indexOf(unitOf(a)) - unitOrder.indexOf(unitOf(b));
      return unit !== 0 ? unit : stacks.indexOf(b) - stacks.indexOf(a);
    });
  const running = new Map<string, Promise<void>>();
  const activeUnits = new Set<string>();
  const succeeded = (run: StackRun | undefined) =>
    run !== undefined && [StackResult.DEPLOYED, StackResult.DESTROYED, StackResult.ALREADY_DESTROYED].includes(run.result);

  const finish = (run: StackRun) => {
    done.set(run.stack.name, run);
    pending = pending.filter((s) => s !== run.stack);
    deps.onEnd?.(run);
    const unit = unitOf(run.stack);
    const unitBusy = pending.some((s) => unitOf(s) === unit) || [...running.keys()].some((name) => unitOf(byName.get(name) as ClassStack) === unit);
    if (!unitBusy) activeUnits.delete(unit);
  };

  /** 'wait', 'go', or the run that settles it without terraform. */
  const readiness = async (stack: ClassStack): Promise<'wait' | 'go' | StackRun> => {
    if (verb === ClassVerb.DEPLOY) {
      for (const name of stack.dependsOn) {
        const dependency = byName.get(name);
        if (dependency === undefined) continue;
        if (dependency.selected) {
          const run = done.get(name);
          if (run === undefined) return 'wait';
          if (!succeeded(run)) return { stack, result: StackResult.NOT_RUN, reason: `${name} ${run.result === StackResult.FAILED ? 'failed' : 'was not deployed'}` };
        } else {
          const state = await deps.readState(name);
          if (state.status !== StackStatus.DEPLOYED) return { stack, result: StackResult.NOT_RUN, reason: `${name} is ${describe(state)}: ${hint(dependency)}` };
        }
      }
      return 'go';
    }
    for (const name of stack.dependents) {
      const dependent = byName.get(name);
      if (dependent === undefined) continue;
      if (dependent.selected) {
        const run = done.get(name);
        if (run === undefined) return 'wait';
        if (!succeeded(run)) return { stack, result: StackResult.KEPT, reason: `${name} was not destroyed` };
      } else {
        const state = await deps.readState(name);
        if (state.status !== StackStatus.DESTROYED) return { stack, result: StackResult.KEPT, reason: `${name} is still ${describe(state)}` };
      }
    }
    const own = await deps.readState(stack.name);
    if (own.status === StackStatus.DESTROYED) return { stack, result: StackResult.ALREADY_DESTROYED, reason: 'its state holds no resources' };
    return 'go';
  };

  for (;;) {
    let settled = false;
    for (const stack of [...pending]) {
      if (running.has(stack.name)) continue;
      const verdict = await readiness(stack);
      if (verdict === 'wait') continue;
      if (verdict !== 'go') {
        finish(verdict);
        settled = true;
        continue;
      }
      const unit = unitOf(stack);
      if (deps.stopping?.() === true) continue;
      if (!activeUnits.has(unit) && activeUnits.size >= parallel) continue;
      // Never two stacks of one unit at once (its stacks depend on each other anyway).
      if ([...running.keys()].some((name) => unitOf(byName.get(name) as ClassStack) === unit)) continue;
      activeUnits.add(unit);
      deps.onStart?.(stack);
      running.set(
        stack.name,
        deps.runStack(stack).then((outcome) => {
          running.delete(stack.name);
          const result = verb === ClassVerb.DEPLOY ? StackResult.DEPLOYED : StackResult.DESTROYED;
          finish(
            outcome.ok
              ? { stack, result, seconds: outcome.seconds, logFile: outcome.logFile }
              : { stack, result: StackResult.FAILED, seconds: outcome.seconds, logFile: outcome.logFile, step: outcome.step, errorLines: outcome.errorLines },
          );
        }),
      );
      settled = true;
    }
    if (running.size > 0) {
      await Promise.race(running.values());
      continue;
    }
    if (!settled) break;
  }
  // Whatever is still pending was never started: interrupted (or waiting on something that never ran).
  for (const stack of pending) {
    finish({
      stack,
      result: verb === ClassVerb.DEPLOY ? StackResult.NOT_RUN : StackResult.KEPT,
      reason: deps.stopping?.() === true ? 'interrupted before it started' : 'what it waits for never finished',
    });
  }
  return stacks.map((s) => done.get(s.name) as StackRun);
}

function describe(state: StackState): string {
  if (state.status === StackStatus.UNKNOWN) return `unknown (${state.reason ?? 'unreadable state'})`;
  if (state.status === StackStatus.PARTLY_DEPLOYED) return `partly deployed (${state.resources} of ${state.expected} resources)`;
  if (state.status === StackStatus.DEPLOYED) return `deployed (${state.resources} resources)`;
  return 'not deployed';
}
