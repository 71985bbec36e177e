import { cdktfStandUp, githubStandUp, runnerStandUp, simulate, STAND_UP_DURATIONS } from '../../lib/class/stand-up-model';

describe('the stand-up model', () => {
  test('the schedule: stacks N at a time, or participants N at a time with their stacks in order', () => {
    const tasks = [
      { id: 'net', seconds: 10, after: [] },
      { id: 'a1', seconds: 100, after: ['net'], group: 'a' },
      { id: 'a2', seconds: 10, after: ['a1'], group: 'a' },
      { id: 'b1', seconds: 100, after: ['net'], group: 'b' },
      { id: 'b2', seconds: 10, after: ['b1'], group: 'b' },
    ];
    // One participant at a time: a (110 s), then b (110 s), after the network.
    expect(Object.fromEntries(simulate(tasks, 1, 'groups'))).toEqual({ net: 10, a1: 110, a2: 120, b1: 220, b2: 230 });
    // Two stacks at a time: both participants at once.
    expect(Math.max(...simulate(tasks, 2, 'stacks').values())).toBe(120);
  });

  test("a single lab is the network, a cluster stack and a workloads stack: 23 minutes, inside the README's 20-25", () => {
    const d = STAND_UP_DURATIONS;
    expect((d.networkApply.seconds + d.clusterApply.seconds + d.workloadsApply.seconds) / 60).toBe(23);
  });

  test('the runner stands up a class of 30 from one machine in one wave; cdktf with --parallelism 10 needs three', () => {
    const runner = runnerStandUp(30, 30, 4);
    expect(runner.minutes).toBeLessThan(25);
    expect(runner.minutes).toBeGreaterThan(23);
    expect(runnerStandUp(30, 10, 4).minutes).toBeGreaterThan(3 * 21);
    expect(cdktfStandUp(30, 10, 4).minutes).toBeGreaterThan(runnerStandUp(30, 10, 4).minutes);
  });

  test('a class of 200 on GitHub Actions, 20 jobs at once of 10 participants each: one wave', () => {
    const github = githubStandUp(200, 20, 30, 12);
    expect(github.minutes).toBeLessThan(30);
    expect(github.parts[0]).toBe('20 batch job(s) of 10, 20 at once');
    // Half the jobs at once: two waves of jobs.
    expect(githubStandUp(200, 10, 30, 12).minutes).toBeGreaterThan(github.minutes);
  });
});
