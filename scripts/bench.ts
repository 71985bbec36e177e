/**
 * `npm run bench`: synth time and peak memory of the default lab and of classes of 1, 10, 30 and 100
 * participants next to a one-resource cdktf app, each in fresh Node processes (median of several
 * runs), then the wall time of `npm test`.
 * Prints figures; asserts nothing (targets are read by people, not by flaky timed tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

// Runs as dist/scripts/bench.js (compiled by `npm run bench`).
const ROOT = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  readonly ms: number;
  readonly peakRssMiB: number;
}

/** Median of RUNS fresh processes running the compiled JavaScript cdktf.json runs (scripts/build.mjs). */
function measure(which: string): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, ['dist/scripts/bench-synth.js', which], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    samples.push(JSON.parse(out.trim().split('\n').pop() as string) as Sample);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(samples.map((s) => s.ms)), peakRssMiB: median(samples.map((s) => s.peakRssMiB)) };
}

function row(name: string, s: Sample, baseline: Sample): string {
  return `${name.padEnd(24)} ${s.ms.toFixed(0).padStart(7)} ms ${s.peakRssMiB.toFixed(0).padStart(6)} MiB   x${(s.ms / baseline.ms).toFixed(2)} time  x${(s.peakRssMiB / baseline.peakRssMiB).toFixed(2)} memory`;
}

const baseline = measure('baseline');
const cluster = measure('cluster');
const lab = measure('lab');
console.log(`synth, fresh process each, median of ${RUNS} (targets: <= 2x one-resource app, < 250 MB)`);
console.log(row('one-resource app', baseline, baseline));
console.log(row('cluster stack (AWS)', cluster, baseline));
console.log(row('whole lab (+ workloads)', lab, baseline));

// A class: the shared network plus a cluster and a workloads stack per participant.
const sizes = [1, 10, 30, 100];
const classes = sizes.map((size) => ({ size, sample: measure(`class:${size}`) }));
console.log(`\nclass synth (targets: 30 participants <= 10x one-resource app, < 1 GB; growth per participant about constant)`);
classes.forEach(({ size, sample }, i) => {
  const previous = classes[i - 1];
  const perParticipant = previous ? `   +${((sample.ms - previous.sample.ms) / (size - previous.size)).toFixed(0)} ms/participant` : '';
  console.log(row(`class of ${size}`, sample, baseline) + perParticipant);
});

if (process.env.BENCH_SKIP_TESTS === '1') {
  console.log('npm test: SKIPPED (BENCH_SKIP_TESTS=1)');
} else {
  const started = Date.now();
  const result = spawnSync('npm', ['test', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const seconds = (Date.now() - started) / 1000;
  console.log(`npm test                 ${seconds.toFixed(1)} s (target < 30 s), exit ${result.status}`);
}
