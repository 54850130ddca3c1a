import { describe, expect, it } from 'vitest';
import { controlPlaneComponents, fakeNode, type ClusterLayout } from './components.js';
import { findRequiredVersion } from './toolchain.js';

const layout: ClusterLayout = {
  name: 'unit',
  dir: '/state/unit',
  ports: {
    apiServer: 7001,
    etcdClient: 7002,
    etcdPeer: 7003,
    controllerManager: 7004,
    scheduler: 7005,
    kwok: 7006,
  },
  pki: {
    dir: '/state/unit/pki',
    caCert: '/pki/ca.crt',
    caKey: '/pki/ca.key',
    servingCert: '/pki/apiserver.crt',
    servingKey: '/pki/apiserver.key',
    adminCert: '/pki/admin.crt',
    adminKey: '/pki/admin.key',
    serviceAccountKey: '/pki/sa.key',
    serviceAccountPub: '/pki/sa.pub',
  },
  kubeconfig: '/state/unit/kubeconfig',
  tools: {
    etcd: '/bin/etcd',
    'kube-apiserver': '/bin/kube-apiserver',
    'kube-controller-manager': '/bin/kcm',
    'kube-scheduler': '/bin/sched',
    kwok: '/bin/kwok',
  },
};

describe('controlPlaneComponents', () => {
  const components = controlPlaneComponents(layout);

  it('starts etcd first and the API server before the controllers that need it', () => {
    expect(components.map((c) => c.name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
  });

  it('binds every listener to loopback only, on the ports it was given', () => {
    for (const c of components) {
      const addresses = c.args.filter((a) => /(url|urls|address|servers)=/.test(a));
      for (const a of addresses) expect(a, `${c.name} ${a}`).toMatch(/127\.0\.0\.1/);
    }
    const api = components.find((c) => c.name === 'kube-apiserver');
    expect(api?.args).toContain('--secure-port=7001');
    expect(api?.args).toContain('--etcd-servers=http://127.0.0.1:7002');
  });

  it('keeps each cluster in its own directory and trusts only its own CA', () => {
    const etcd = components.find((c) => c.name === 'etcd');
    expect(etcd?.args).toContain('--data-dir=/state/unit/etcd');
    const api = components.find((c) => c.name === 'kube-apiserver');
    expect(api?.args).toContain('--client-ca-file=/pki/ca.crt');
    expect(api?.args).toContain('--authorization-mode=Node,RBAC');
  });

  it('describes a fake node that kwok manages', () => {
    const node = fakeNode('n1') as { metadata: { annotations: Record<string, string> } };
    expect(node.metadata.annotations['kwok.x-k8s.io/node']).toBe('fake');
  });
});

describe('findRequiredVersion', () => {
  const goMod = [
    'module keelson.dev/tools/x',
    'require k8s.io/kubernetes v1.34.4',
    'require (',
    '\tgo.etcd.io/etcd/server/v3 v3.6.4 // indirect',
    '\tk8s.io/api v0.34.4',
    ')',
    'replace k8s.io/api => k8s.io/api v0.34.4',
  ].join('\n');

  it('finds the version of the module that provides a package, preferring the longest match', () => {
    expect(findRequiredVersion(goMod, 'k8s.io/kubernetes')).toBe('v1.34.4');
    expect(findRequiredVersion(goMod, 'k8s.io/kubernetes/cmd/kubectl')).toBe('v1.34.4');
    expect(findRequiredVersion(goMod, 'go.etcd.io/etcd/server/v3')).toBe('v3.6.4');
  });

  it('returns undefined for a module that is not required', () => {
    expect(findRequiredVersion(goMod, 'helm.sh/helm/v3')).toBeUndefined();
  });
});
