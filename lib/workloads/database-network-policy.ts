import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { assertValid, dns1123SubdomainProblem } from './kubernetes-names';

/** Transport protocol of a NetworkPolicy port, as the Kubernetes API spells it. */
export enum NetworkProtocol {
  /** TCP, what the lab's databases speak. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** Props of {@link DatabaseNetworkPolicy}. */
export interface DatabaseNetworkPolicyProps {
  /** Name of the NetworkPolicy (an RFC 1123 subdomain), e.g. the database's name. */
  readonly name: string;
  /** Namespace of the database (pass the namespace resource's name so the policy depends on it). */
  readonly namespace: string;
  /**
   * Labels of the database's pods: the StatefulSet's `selector.matchLabels`. Must not be empty, since
   * an empty selector would isolate every pod of the namespace, not only the database.
   */
  readonly podSelector: Readonly<Record<string, string>>;
  /** Port the database listens on (the container port). */
  readonly port: number;
  /** Protocol of {@link port}. @default NetworkProtocol.TCP */
  readonly protocol?: NetworkProtocol;
  /** Labels of the NetworkPolicy object itself. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Ingress isolation of one database: the pods the selector picks accept connections only from pods
 * in their own namespace (`from: [{ podSelector: {} }]`, no namespaceSelector, no ipBlock), and only
 * on the database port. Everything else that reaches those pods (other namespaces, the VPC, node
 * addresses) is dropped; the kubelet's exec probes run inside the container and are unaffected.
 *
 * Only ingress is restricted (`policyTypes: [Ingress]`): egress of the database pods, DNS lookups
 * to CoreDNS included, stays open, so nothing in the engines' start-up breaks. Other pods of the
 * namespace are not selected and keep their default (allow-all) behaviour.
 *
 * On EKS the VPC CNI's network policy agent enforces it; the lab's vpc-cni add-on is installed with
 * `enableNetworkPolicy: 'true'` (see LabEks). Without an enforcing CNI a NetworkPolicy is accepted
 * and silently ignored.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html
 */
export class DatabaseNetworkPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly networkPolicy: NetworkPolicyV1;
  /** Resolved name. */
  public readonly name: string;
  /** Labels that select the database's pods. */
  public readonly podSelector: Readonly<Record<string, string>>;
  /** The one port ingress is allowed on. */
  public readonly port: number;
  /** Resolved protocol. */
  public readonly protocol: NetworkProtocol;

  constructor(scope: Construct, id: string, props: DatabaseNetworkPolicyProps) {
    super(scope, id);
    const owner = `DatabaseNetworkPolicy ${props.name}`;
    this.name = props.name;
    this.podSelector = { ...props.podSelector };
    this.port = props.port;
    this.protocol = props.protocol ?? NetworkProtocol.TCP;

    assertValid(owner, 'name', props.name, dns1123SubdomainProblem(props.name));
    if (Object.keys(this.podSelector).length === 0) {
      assertValid(owner, 'podSelector', this.podSelector, "must name at least one label of the database's pods (an empty selector isolates every pod of the namespace)");
    }
    if (!Number.isInteger(this.port) || this.port < 1 || this.port > 65535) {
      assertValid(owner, 'port', this.port, 'must be a whole number from 1 to 65535');
    }

    this.networkPolicy = new NetworkPolicyV1(this, 'NetworkPolicy', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels ? { ...props.labels } : undefined },
      spec: {
        podSelector: { matchLabels: { ...this.podSelector } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            // An empty podSelector (and no namespaceSelector) means every pod of the policy's namespace.
            from: [{ podSelector: {} }],
            // The provider's port is int-or-string; digits become the number.
            ports: [{ port: String(this.port), protocol: this.protocol }],
          },
        ],
      },
    });
  }
}
