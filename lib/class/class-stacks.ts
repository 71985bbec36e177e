import type { LabPlan } from '../plan/lab-plan';
import { participantProblem } from '../plan/lab-environment';
import { StackKind, StackPlan } from '../plan/stack-plan';

/** What the class runner does to the selected stacks. */
export enum ClassVerb {
  /** `terraform apply`: each stack after the stacks it depends on. */
  DEPLOY = 'deploy',
  /** `terraform destroy`: each stack after the stacks that depend on it. */
  DESTROY = 'destroy',
}

/** Which stacks a run acts on. Both filters apply; none means every stack of the plan. */
export interface ClassSelection {
  /** `--participants a,b`: these participants' own stacks, and no shared stack. @default - every participant and the shared stacks */
  readonly participants?: readonly string[];
  /** `--kinds network,cluster`: only stacks of these kinds. @default - every kind */
  readonly kinds?: readonly StackKind[];
}

/**
 * One stack as the runner sees it: the plan's stack, whose it is, and whether this run acts on it.
 * Derived from `plan.stacks` and their `dependsOn` only, so several networks (shards) or a provider
 * per participant account fit without a change here.
 */
export interface ClassStack {
  /** The plan's stack. */
  readonly plan: StackPlan;
  /** Its name (`cdktf.out/stacks/<name>`, and its state's name). */
  readonly name: string;
  /**
   * Whose it is: the participant id, or the single lab's cluster name. Undefined for a stack no
   * lab owns (a class's network): a shared stack, deployed before and destroyed after its labs.
   */
  readonly owner?: string;
  /** The stacks deployed before it and destroyed after it. */
  readonly dependsOn: readonly string[];
  /** The stacks that depend on it (deployed after it, destroyed before it). */
  readonly dependents: readonly string[];
  /** Whether this run acts on it. */
  readonly selected: boolean;
  /** Why not, when it is not selected: which filter left it out. @default - selected */
  readonly leftOutBy?: string;
}

/** The label of the shared stacks in reports (the participant column). */
export const SHARED_OWNER_LABEL = '(shared)';

/** Whose a plan stack is: its participant, the single lab's cluster, or nobody's (shared). */
export function ownerOf(stack: StackPlan): string | undefined {
  return stack.participantId ?? stack.clusterName;
}

/** Every kind of stack, for parsing `--kinds`. */
export const STACK_KINDS: readonly StackKind[] = Object.values(StackKind);

/**
 * Why `selection` cannot be run against `plan` (an unknown participant, a participant filter on a
 * single lab), or undefined.
 */
export function selectionProblem(plan: LabPlan, selection: ClassSelection): string | undefined {
  for (const id of selection.participants ?? []) {
    const problem = participantProblem(plan.config, id);
    if (problem !== undefined) return `--participants ${problem}`;
  }
  if (selection.participants !== undefined && selection.participants.length === 0) return '--participants must name at least one participant';
  if (selection.kinds !== undefined && selection.kinds.length === 0) return `--kinds must name at least one of ${STACK_KINDS.join(', ')}`;
  // A run that selects nothing would report success having done nothing.
  if (classStacks(plan, selection).every((s) => !s.selected)) {
    const filters = [
      ...(selection.participants === undefined ? [] : [`--participants ${selection.participants.join(',')}`]),
      ...(selection.kinds === undefined ? [] : [`--kinds ${selection.kinds.join(',')}`]),
    ].join(' ');
    const kinds = [...new Set(plan.stacks.map((s) => s.kind))].join(', ');
    const shared = plan.stacks.some((s) => ownerOf(s) === undefined);
    return (
      `${filters} selects no stack of this configuration (its stacks are of kinds ${kinds})` +
      (selection.participants !== undefined && shared ? '; shared stacks (the network) run only without --participants' : '')
    );
  }
  return undefined;
}

/**
 * The plan's stacks, in the plan's order (each after what it depends on), each marked with its owner,
 * its dependents and whether `selection` includes it. With `--participants`, shared stacks are left
 * out: they are deployed before (and destroyed after) the participants by a run without it, which is
 * what lets many machines or CI jobs each take some participants without touching the network at once.
 */
export function classStacks(plan: LabPlan, selection: ClassSelection = {}): ClassStack[] {
  const dependents = new Map<string, string[]>();
  for (const stack of plan.stacks) {
    for (const dependency of stack.dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), stack.name]);
  }
  const participants = selection.participants === undefined ? undefined : new Set(selection.participants);
  return plan.stacks.map((stack): ClassStack => {
    const owner = ownerOf(stack);
    const byParticipants = participants !== undefined && (owner === undefined || !participants.has(owner));
    const byKinds = selection.kinds !== undefined && !selection.kinds.includes(stack.kind);
    const leftOutBy = byParticipants ? `--participants ${[...(participants ?? [])].join(',')}` : byKinds ? `--kinds ${(selection.kinds ?? []).join(',')}` : undefined;
    return {
      plan: stack,
      name: stack.name,
      ...(owner === undefined ? {} : { owner }),
      dependsOn: stack.dependsOn,
      dependents: dependents.get(stack.name) ?? [],
      selected: leftOutBy === undefined,
      ...(leftOutBy === undefined ? {} : { leftOutBy }),
    };
  });
}

/** The owners (participants, or the single lab) of `stacks`, in plan order, each once. */
export function ownersOf(stacks: readonly ClassStack[]): string[] {
  return [...new Set(stacks.flatMap((s) => (s.owner === undefined ? [] : [s.owner])))];
}
