import { terraformLiteral } from '../../lib/private/terraform-literal';

describe('terraformLiteral', () => {
  test('doubles the first character of every template sequence, and nothing else', () => {
    expect(terraformLiteral('a ${aws:PrincipalTag/x} b ${y} %{if} $ % {z}')).toBe('a $${aws:PrincipalTag/x} b $${y} %%{if} $ % {z}');
  });

  test('text without template sequences is unchanged', () => {
    expect(terraformLiteral('{"Version":"2012-10-17"}')).toBe('{"Version":"2012-10-17"}');
  });
});
