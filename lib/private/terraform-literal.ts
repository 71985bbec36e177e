/**
 * `text` as Terraform reads it verbatim. Every string of the JSON syntax is a template: `${` starts an
 * interpolation and `%{` a directive, so an IAM policy variable such as
 * `${aws:PrincipalTag/eks-cluster-name}` would be read as a (broken) reference. Doubling the first
 * character (`$${`, `%%{`) is the template language's escape; Terraform passes `${` on to AWS.
 *
 * Only for text without references: a cdktf token in `text` would be escaped too.
 *
 * @see https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 * @see https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping
 */
export function terraformLiteral(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` itself means one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
