/**
 * `npm run bench`: the speed and memory targets of the project, each measured and printed with PASS
 * or FAIL (and, for a FAIL, the measurement that says why), with progress while it runs and its own
 * duration at the end. Figures, not timed unit tests: a shared machine makes single runs noisy, so
 * synths are fresh processes, median of BENCH_RUNS (default 5).
 *
 * Targets: default lab synth <= 2x a one-resource cdktf app; a class of 30 <= 10x; peak memory no more
 * than the figures recorded before (MEMORY_BEFORE_MIB); `npm test` < 30 s wall, cold (caches cleared,
 * as in CI's fresh clone) and warm (a contributor's next run). BENCH_SKIP_TESTS=1 skips the test runs.
 * Issue 19: a class of 200 (synth time and memory), and the modeled stand-up of a class of 30 from a
 * laptop (< 25 min) and of 200 on GitHub Actions with 20 jobs at once (< 30 min), by the class runner
 * (lib/class/stand-up-model.ts, with the synth times measured here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { cdktfStandUp, githubStandUp, runnerStandUp, STAND_UP_DURATIONS, StandUp } from '../lib/class/stand-up-model';

// Runs as dist/scripts/bench.js (compiled by `npm run bench`).
const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const started = Date.now();

/** Peak memory measured at the stop before these targets were set (closing note of stop 7, Node 20). */
const MEMORY_BEFORE_MIB = { lab: 152, class30: 167 } as const;

interface Sample {
  readonly ms: number;
  readonly peakRssMiB: number;
  /** Provider resource modules loaded, and the MiB of their JavaScript. */
  readonly providerModules: number;
  readonly providerMiB: number;
}

const progress = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

/** Median of RUNS fresh processes running one measurement of dist/scripts/bench-synth.js. */
function measure(which: string): Sample {
  progress(`synth ${which}: ${RUNS} fresh processes...`);
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ['dist/scripts/bench-synth.js', which], { cwd: ROOT, encoding: 'utf8' });
    samples.push(JSON.parse(out.trim().split('\n').pop() as string) as Sample);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    ms: median(samples.map((s) => s.ms)),
    peakRssMiB: median(samples.map((s) => s.peakRssMiB)),
    providerModules: samples[0].providerModules,
    providerMiB: samples[0].providerMiB,
  };
}

/** Wall seconds of a command in the project folder (its output is not shown). */
function timed(label: string, command: string, args: readonly string[]): { seconds: number; status: number | null } {
  progress(`${label}...`);
  const t0 = Date.now();
  const result = spawnSync(command, [...args], { cwd: ROOT, stdio: 'ignore' });
  return { seconds: (Date.now() - t0) / 1000, status: result.status };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const lines: string[] = [];
const row = (name: string, s: Sample, baseline: Sample) =>
  `  ${name.padEnd(26)} ${s.ms.toFixed(0).padStart(6)} ms ${s.peakRssMiB.toFixed(0).padStart(5)} MiB   x${(s.ms / baseline.ms).toFixed(2)}`;

const baseline = measure('baseline');
const load = measure('lab-load');
const lab = measure('app');
const sizes = [1, 10, 30, 100, 200];
const classes = new Map(sizes.map((size) => [size, measure(`app-class:${size}`)]));
const class30 = classes.get(30) as Sample;
const accounts200 = measure('app-accounts:200');

lines.push(`synth, fresh process each, median of ${RUNS} (Node ${process.version}):`);
lines.push(row('one-resource cdktf app', baseline, baseline));
lines.push(row('loading the lab modules', load, baseline) + '   (require only, no synth)');
lines.push(row('default lab', lab, baseline));
sizes.forEach((size, i) => {
  const sample = classes.get(size) as Sample;
  const previous = i === 0 ? undefined : classes.get(sizes[i - 1]);
  const growth = previous ? `   +${((sample.ms - previous.ms) / (size - sizes[i - 1])).toFixed(0)} ms/participant` : '';
  lines.push(row(`class of ${size}`, sample, baseline) + growth);
});
lines.push('');
const labRatio = lab.ms / baseline.ms;
lines.push(`${verdict(labRatio <= 2)}  default lab synth <= 2x the one-resource app: x${labRatio.toFixed(2)}`);
if (labRatio > 2) {
  lines.push(
    `      why: loading the lab's modules alone takes ${load.ms.toFixed(0)} ms (x${(load.ms / baseline.ms).toFixed(2)}): ${load.providerModules} generated ` +
      `provider modules, ${load.providerMiB.toFixed(1)} MiB of JavaScript, against ${baseline.providerModules} modules and ` +
      `${baseline.providerMiB.toFixed(1)} MiB for the one-resource app; defining, resolving and writing the stacks takes the other ` +
      `${(lab.ms - load.ms).toFixed(0)} ms. Within 2x means not loading the generated classes (docs/testing.md#synth-speed)`,
  );
}
const classRatio = class30.ms / baseline.ms;
lines.push(`${verdict(classRatio <= 10)}  class of 30 synth <= 10x the one-resource app: x${classRatio.toFixed(2)}`);
if (classRatio > 10) {
  const perParticipant = (class30.ms - (classes.get(1) as Sample).ms) / 29;
  lines.push(
    `      why: each participant adds ${perParticipant.toFixed(0)} ms (two stacks of about 80 resources, each resolved and written by cdktf); ` +
      `10x leaves ${((10 * baseline.ms - lab.ms) / 29).toFixed(0)} ms per participant after the default lab's own cost`,
  );
}
// Issue 20: a class of 200 is one configuration in either layout: one account split over two networks
// (128 fit one /16 at maxSize 6), measured above; or 200 accounts of their own.
const class200 = classes.get(200) as Sample;
lines.push(row('class of 200, 200 accounts', accounts200, baseline) + '   (each participant with a provider role of their own account, no shared network)');

const memoryOk = lab.peakRssMiB <= MEMORY_BEFORE_MIB.lab && class30.peakRssMiB <= MEMORY_BEFORE_MIB.class30;
lines.push(
  `${verdict(memoryOk)}  peak memory no more than before (lab ${MEMORY_BEFORE_MIB.lab} MiB, class of 30 ${MEMORY_BEFORE_MIB.class30} MiB): ` +
    `lab ${lab.peakRssMiB.toFixed(0)} MiB, class of 30 ${class30.peakRssMiB.toFixed(0)} MiB`,
);
if (!memoryOk) {
  lines.push(
    `      why: the retail store (issue 11) added about 40 Kubernetes resources per lab and the provider classes they load ` +
      `(loading alone peaks at ${load.peakRssMiB.toFixed(0)} MiB)`,
  );
}

// The modeled stand-up (issue 19): the critical path of each engine's schedule.
const verdictMinutes = (model: StandUp, limit: number) => `${verdict(model.minutes < limit)}  ${model.minutes.toFixed(1)} min (< ${limit})`;
const laptop30 = runnerStandUp(30, 30, class30.ms / 1000);
const github200 = githubStandUp(200, 20, 30, class200.ms / 1000);
lines.push(
  '',
  'stand-up, modeled (critical path; the durations below, synth measured above):',
  `  class of 30, laptop, cdktf deploy '*' --parallelism 10 (today)   ${cdktfStandUp(30, 10, class30.ms / 1000).minutes.toFixed(1)} min`,
  `  class of 30, laptop, npm run class (class.parallel 30)           ${verdictMinutes(laptop30, 25)}   ${laptop30.parts.join(', ')}`,
  `  class of 200, laptop, cdktf deploy '*' --parallelism 10 (today)  ${cdktfStandUp(200, 10, class200.ms / 1000).minutes.toFixed(1)} min`,
  `  class of 200, laptop, npm run class (class.parallel 30)          ${runnerStandUp(200, 30, class200.ms / 1000).minutes.toFixed(1)} min`,
  `  class of 200 on GitHub Actions, 20 jobs at once                  ${verdictMinutes(github200, 30)}   ${github200.parts.join('; ')}`,
  '  assumed durations:',
  ...Object.entries(STAND_UP_DURATIONS).map(([name, d]) => `    ${name} ${d.seconds} s: ${d.source}`),
);

if (process.env.BENCH_SKIP_TESTS === '1') {
  lines.push('', '!!! SKIPPED: npm test timings (BENCH_SKIP_TESTS=1)');
} else {
  // Cold as CI's fresh clone: no jest transform cache, no tsc build info, no eslint or synth cache.
  const clearCaches = () => {
    rmSync(path.join(ROOT, 'node_modules', '.cache'), { recursive: true, force: true });
    spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--clearCache'], { cwd: ROOT, stdio: 'ignore' });
  };
  clearCaches();
  const tsc = timed('tsc --noEmit, cold', process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit']);
  clearCaches();
  const cold = timed('npm test, cold (caches cleared)', 'npm', ['test', '--silent']);
  const warm = timed('npm test, warm (a second run)', 'npm', ['test', '--silent']);
  const integration = timed('npm run test:integration', 'npm', ['run', '--silent', 'test:integration']);
  lines.push('');
  for (const [name, run] of [['npm test, cold (as CI)', cold], ['npm test, warm (next run)', warm]] as const) {
    lines.push(`${verdict(run.seconds < 30 && run.status === 0)}  ${name} < 30 s wall: ${run.seconds.toFixed(1)} s, exit ${run.status}`);
  }
  if (cold.seconds >= 30 || warm.seconds >= 30) {
    lines.push(
      `      why: tsc --noEmit alone takes ${tsc.seconds.toFixed(1)} s cold (most of its files are the AWS SDK clients' declarations), ` +
        'and tsc, eslint and jest share 2 cores; see docs/testing.md for where the rest goes',
    );
  }
  lines.push(`      npm run test:integration (terraform, the cdktf CLI, the compiled commands; no target): ${integration.seconds.toFixed(1)} s, exit ${integration.status}`);
}
lines.push('', `bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(lines.join('\n'));
