/** The parts of an ARN the leftovers report names a resource by. */
export interface ResourceArn {
  /** Service, e.g. `ec2`, `eks`, `logs`. */
  readonly service: string;
  /** Resource type within the service, e.g. `volume`, `cluster`, `log-group`. */
  readonly resourceType: string;
  /** What follows the type: `vol-...`, `<cluster>/<nodegroup>/<id>`, a log group's name (with `:*` when the ARN has it). */
  readonly id: string;
}

/** Resource types of services whose ARNs end with the bare name. */
const UNTYPED_ARN_TYPES: Readonly<Record<string, string>> = { s3: 'bucket', sqs: 'queue', sns: 'topic' };

/**
 * Service, resource type and id of an ARN, `arn:partition:service:region:account:type/id` or
 * `...:type:id`; an ARN without a type (`arn:aws:s3:::<bucket>`) gets its service's one type.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function parseArn(arn: string): ResourceArn {
  const parts = arn.split(':');
  const service = parts[2] ?? 'unknown';
  const resource = parts.slice(5).join(':');
  const separator = resource.search(/[/:]/);
  if (separator < 0) return { service, resourceType: UNTYPED_ARN_TYPES[service] ?? resource, id: resource };
  return { service, resourceType: resource.slice(0, separator), id: resource.slice(separator + 1) };
}

/** `<service>:<resourceType>` of an ARN, as leftovers kinds are named. */
export function kindOfArn(arn: ResourceArn): string {
  return `${arn.service}:${arn.resourceType}`;
}
