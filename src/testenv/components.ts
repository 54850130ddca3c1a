import { join } from 'node:path';
import type { ClusterPki } from './pki.js';
import type { ToolPaths } from './toolchain.js';

/** Ports one local cluster listens on, all on 127.0.0.1. */
export interface ClusterPorts {
  readonly apiServer: number;
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  readonly kwok: number;
}

/** Everything needed to compute the command line of each component. */
export interface ClusterLayout {
  readonly name: string;
  readonly dir: string;
  readonly ports: ClusterPorts;
  readonly pki: ClusterPki;
  /** Admin kubeconfig used by the controllers and handed to users. */
  readonly kubeconfig: string;
  readonly tools: Pick<
    ToolPaths,
    'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok'
  >;
}

export type ComponentName =
  'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

/** One process of the control plane. */
export interface ComponentSpec {
  readonly name: ComponentName;
  readonly command: string;
  readonly args: readonly string[];
}

/** Annotation kwok selects the nodes it simulates by. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const SERVICE_CIDR = '10.96.0.0/16';

/**
 * The control plane's components in start order. Pure: computes command lines
 * only. Each listens on loopback only, with leader election off (one replica).
 */
export function controlPlaneComponents(layout: ClusterLayout): ComponentSpec[] {
  const { ports, pki, tools } = layout;
  const etcdUrl = `http://127.0.0.1:${ports.etcdClient}`;
  const peerUrl = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    {
      name: 'etcd',
      command: tools.etcd,
      args: [
        '--name=default',
        `--data-dir=${join(layout.dir, 'etcd')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=default=${peerUrl}`,
        // A disposable local cluster: durability is not worth the fsync latency.
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
    },
    {
      name: 'kube-apiserver',
      command: tools['kube-apiserver'],
      args: [
        `--etcd-servers=${etcdUrl}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${ports.apiServer}`,
        `--tls-cert-file=${pki.servingCert}`,
        `--tls-private-key-file=${pki.servingKey}`,
        `--client-ca-file=${pki.caCert}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${pki.serviceAccountPub}`,
        `--service-account-signing-key-file=${pki.serviceAccountKey}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--authorization-mode=Node,RBAC',
        '--allow-privileged=true',
        // /debug/pprof for benchmark analysis only (`KEELSON_APISERVER_PROFILING=1`).
        `--profiling=${process.env.KEELSON_APISERVER_PROFILING === '1'}`,
        '--endpoint-reconciler-type=none',
      ],
    },
    {
      name: 'kube-controller-manager',
      command: tools['kube-controller-manager'],
      args: [
        `--kubeconfig=${layout.kubeconfig}`,
        `--service-account-private-key-file=${pki.serviceAccountKey}`,
        `--root-ca-file=${pki.caCert}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.controllerManager}`,
        '--controllers=*',
        // Pods created by kwok are gone as soon as deleted; no need to wait long.
        '--node-monitor-grace-period=40s',
        '--profiling=false',
        // The default client limit (20 requests/s) makes a fleet of thousands of
        // Deployments wait minutes for its ReplicaSets and Pods: benchmarks and
        // tests would measure this rate limit instead of Keelson.
        '--kube-api-qps=200',
        '--kube-api-burst=400',
        '--concurrent-deployment-syncs=10',
        '--concurrent-replicaset-syncs=10',
      ],
    },
    {
      name: 'kube-scheduler',
      command: tools['kube-scheduler'],
      args: [
        `--kubeconfig=${layout.kubeconfig}`,
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${ports.scheduler}`,
        '--profiling=false',
        '--kube-api-qps=200',
        '--kube-api-burst=400',
      ],
    },
    {
      name: 'kwok',
      command: tools.kwok,
      args: [
        `--kubeconfig=${layout.kubeconfig}`,
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
        '--manage-nodes-with-label-selector=',
        // Pod IPs are fiction: nothing ever connects to them.
        '--cidr=10.244.0.1/16',
        '--node-ip=10.244.0.1',
        `--server-address=127.0.0.1:${ports.kwok}`,
        '--node-lease-duration-seconds=40',
      ],
    },
  ];
}

/** The simulated node kwok keeps Ready and runs every pod on. */
export function fakeNode(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/agent': '',
      },
    },
    status: {
      allocatable: { cpu: '64', memory: '256Gi', pods: '2000' },
      capacity: { cpu: '64', memory: '256Gi', pods: '2000' },
    },
  };
}
