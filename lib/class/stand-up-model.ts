/**
 * A critical-path model of a class's stand-up (deploy until every participant's lab is usable), for
 * `npm run bench`: the stacks as tasks with durations and dependencies, scheduled as each engine
 * schedules them, the longest path of the result read off.
 *
 * Every duration is an assumption or a measurement, named with where it comes from in
 * {@link STAND_UP_DURATIONS}; the bench prints them with the figures, so a reader can disagree with one
 * and see what follows.
 */

/** One duration of the model, in seconds, and where it comes from. */
export interface ModelDuration {
  readonly seconds: number;
  readonly source: string;
}

/** The durations the model assumes (the synth and the seed inits are measured by the bench and passed in). */
export const STAND_UP_DURATIONS = {
  networkApply: {
    seconds: 120,
    source: 'the network stack (VPC, subnets, one NAT gateway and its EIP, routes, budget): 2 min, assumed (a NAT gateway takes one to two minutes to become available; AWS publishes no figure)',
  },
  clusterApply: {
    seconds: 18.5 * 60,
    source:
      'a cluster stack: 15 min for the EKS control plane (aws/containers-roadmap#1227: "currently averages 15 minutes"; an unofficial measurement ' +
      'across 21 regions gave 15 min 00 s in us-west-2, easontechtalk.com), + 0.5 min of IAM roles and the log group before it, 2.5 min for the ' +
      'managed node group and 0.5 min for the add-ons that wait for nodes (assumed)',
  },
  workloadsApply: {
    seconds: 2.5 * 60,
    source:
      "a workloads stack: 2.5 min, assumed (its slowest wait: the StatefulSets' first start on new EBS volumes). With the network, a single lab " +
      "is then 23 min, inside the README's 20-25 min for a single lab's deploy",
  },
  cdktfInit: {
    seconds: 6,
    source: "terraform init per stack under cdktf deploy, one stack after another: about 6 of a class of 30's modeled minutes for 61 stacks (issue 19), 5.9 s each",
  },
  runnerInit: {
    seconds: 2,
    source: 'terraform init of one stack from the shared provider folder (a link, no download): measured here 1.4 s alone and 8 at once in 6.9 s on 2 shared cores; 2 s each, 8 at a time, taken',
  },
  seedInitDownload: {
    seconds: 30,
    source: 'the seed inits, one per provider, all at once, downloading from the registry: the AWS provider (the large one) in 30 s, assumed',
  },
  githubJobSetup: {
    seconds: 90,
    source: 'a GitHub Actions job before its command: a runner, checkout, setup-node with the npm cache, npm ci (93 s measured here on 2 shared cores), setup-terraform, credentials: 90 s, assumed',
  },
} as const satisfies Record<string, ModelDuration>;

/** One task of the schedule: a stack (or a job's fixed cost), what it waits for, and whose it is. */
export interface ModelTask {
  readonly id: string;
  readonly seconds: number;
  readonly after: readonly string[];
  /** The participant (the runner's slots count participants); undefined for shared work. */
  readonly group?: string;
}

/**
 * When every task ends, scheduled greedily in list order as both engines do: a task starts as soon as
 * what it waits for has ended and a slot is free. `slots` counts running tasks (`stacks`, as cdktf's
 * `--parallelism`) or running participants (`groups`, as the class runner's `--parallel`; shared
 * tasks take no participant slot).
 *
 * @returns the end time of each task, in seconds from the start
 */
export function simulate(tasks: readonly ModelTask[], slots: number, mode: 'stacks' | 'groups'): Map<string, number> {
  const end = new Map<string, number>();
  const running: Array<{ task: ModelTask; end: number }> = [];
  const pending = [...tasks];
  const activeGroups = new Set<string>();
  let now = 0;
  while (pending.length > 0 || running.length > 0) {
    let started = true;
    while (started) {
      started = false;
      for (const task of pending) {
        if (!task.after.every((id) => end.has(id) && (end.get(id) as number) <= now)) continue;
        const busy = mode === 'stacks' ? running.length >= slots : task.group !== undefined && !activeGroups.has(task.group) && activeGroups.size >= slots;
        if (busy) continue;
        pending.splice(pending.indexOf(task), 1);
        running.push({ task, end: now + task.seconds });
        if (task.group !== undefined) activeGroups.add(task.group);
        started = true;
        break;
      }
    }
    if (running.length === 0) throw new Error(`model: tasks wait for something that never ends: ${pending.map((t) => t.id).join(', ')}`);
    running.sort((a, b) => a.end - b.end);
    const next = running.shift() as { task: ModelTask; end: number };
    now = next.end;
    end.set(next.task.id, now);
    const group = next.task.group;
    // A participant keeps its slot until none of its tasks is left.
    if (group !== undefined && !pending.some((t) => t.group === group) && !running.some((r) => r.task.group === group)) activeGroups.delete(group);
  }
  return end;
}

/** A modeled stand-up: minutes, and what they are made of. */
export interface StandUp {
  readonly minutes: number;
  /** The tasks on the way, for the record: `name: seconds`. */
  readonly parts: readonly string[];
}

const d = STAND_UP_DURATIONS;

/** One participant's stacks as tasks, after `after`; `init` is the init on the way of each apply. */
function participantTasks(id: string, after: readonly string[], init: number): ModelTask[] {
  return [
    { id: `${id}-cluster`, seconds: init + d.clusterApply.seconds, after, group: id },
    { id: `${id}-workloads`, seconds: init + d.workloadsApply.seconds, after: [`${id}-cluster`], group: id },
  ];
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);
const minutesOf = (end: Map<string, number>) => Math.max(...end.values()) / 60;

/**
 * Today's path: `cdktf deploy '*' --parallelism N`: one synth, `terraform init` of every stack one
 * after another, then the stacks, N at a time, each after what it depends on.
 */
export function cdktfStandUp(participants: number, parallelism: number, synthSeconds: number): StandUp {
  const inits = (2 * participants + 1) * d.cdktfInit.seconds;
  const start = synthSeconds + inits;
  const tasks: ModelTask[] = [
    { id: 'network', seconds: start + d.networkApply.seconds, after: [] },
    ...ids(participants).flatMap((id) => participantTasks(id, ['network'], 0).map((t) => ({ ...t, group: undefined }))),
  ];
  return {
    minutes: minutesOf(simulate(tasks, parallelism, 'stacks')),
    parts: [`synth ${synthSeconds.toFixed(1)} s`, `${2 * participants + 1} inits one after another ${(inits / 60).toFixed(1)} min`, `stacks ${parallelism} at a time`],
  };
}

/**
 * The class runner on one machine: one synth, the seed inits (at once), the network's init and apply;
 * every other stack's init runs during the network's apply (8 at a time, 2 s each: 30 participants'
 * 60 inits take 15 s of its 2 min), then `parallel` participants at once.
 */
export function runnerStandUp(participants: number, parallel: number, synthSeconds: number): StandUp {
  const before = synthSeconds + d.seedInitDownload.seconds + d.runnerInit.seconds;
  const initsDuringNetwork = Math.ceil((2 * participants) / 8) * d.runnerInit.seconds;
  const tasks: ModelTask[] = [
    { id: 'network', seconds: before + Math.max(d.networkApply.seconds, initsDuringNetwork), after: [] },
    ...ids(participants).flatMap((id) => participantTasks(id, ['network'], 0)),
  ];
  return {
    minutes: minutesOf(simulate(tasks, parallel, 'groups')),
    parts: [`synth ${synthSeconds.toFixed(1)} s`, `seed inits ${d.seedInitDownload.seconds} s`, `${Math.ceil(participants / parallel)} wave(s) of ${Math.min(participants, parallel)}`],
  };
}

/**
 * The generated GitHub Actions workflow: `synth` beside `network` (each job pays its setup and its own
 * synth), then the batches, `jobsAtOnce` jobs at a time, each running its batch with the runner
 * (`parallel` participants at once; its inits first, 8 at a time).
 */
export function githubStandUp(participants: number, jobsAtOnce: number, parallel: number, synthSeconds: number): StandUp {
  const job = d.githubJobSetup.seconds + synthSeconds + d.seedInitDownload.seconds;
  const batches = Math.min(jobsAtOnce, 256, participants);
  const size = Math.ceil(participants / batches);
  const jobs = Math.ceil(participants / size);
  const tasks: ModelTask[] = [
    { id: 'synth', seconds: d.githubJobSetup.seconds + synthSeconds, after: [] },
    { id: 'network', seconds: job + d.runnerInit.seconds + d.networkApply.seconds, after: [] },
  ];
  for (let b = 0; b < jobs; b++) {
    const members = Math.min(size, participants - b * size);
    const inits = Math.ceil((2 * members) / 8) * d.runnerInit.seconds;
    const waves = Math.ceil(members / parallel);
    tasks.push({ id: `batch-${b}`, seconds: job + inits + waves * (d.clusterApply.seconds + d.workloadsApply.seconds), after: ['synth', 'network'], group: `batch-${b}` });
  }
  return {
    minutes: minutesOf(simulate(tasks, jobsAtOnce, 'groups')),
    parts: [`${jobs} batch job(s) of ${size}, ${jobsAtOnce} at once`, `each job: setup ${d.githubJobSetup.seconds} s, synth ${synthSeconds.toFixed(1)} s, seed inits ${d.seedInitDownload.seconds} s`],
  };
}
