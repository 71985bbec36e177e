import { configProblems, labConfig } from '../support/fixtures';

describe('the class section of the configuration', () => {
  test('defaults: 30 participants at once, 20 GitHub Actions jobs at once, no workflow role', () => {
    expect(labConfig().class).toEqual({ parallel: 30, workflowMaxParallel: 20 });
  });

  test('overrides', () => {
    const role = 'arn:aws:iam::123456789012:role/lab-class-deployer';
    expect(labConfig({ class: { parallel: 8, workflowMaxParallel: 40, workflowRoleArn: role } }).class).toEqual({
      parallel: 8,
      workflowMaxParallel: 40,
      workflowRoleArn: role,
    });
  });

  test.each([
    [{ parallel: 0 }, /class\.parallel.*>= 1/],
    [{ parallel: 2.5 }, /class\.parallel.*whole number/],
    [{ workflowMaxParallel: 257 }, /class\.workflowMaxParallel.*256/],
    [{ workflowRoleArn: 'arn:aws:iam::123456789012:user/alice' }, /class\.workflowRoleArn.*IAM role ARN/],
    [{ jobs: 3 }, /class.*jobs/],
  ])('rejects %j', (section, message) => {
    expect(configProblems({ class: section }).join('\n')).toMatch(message);
  });
});
