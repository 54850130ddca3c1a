import { describe, expect, it } from 'vitest';
import { escapeSetValue, helmTemplateArgs, parseSetArgument } from './helm-args.js';

describe('helm template arguments', () => {
  it('orders value files, inline values and parameters as Argo CD does, and passes the destination', () => {
    const args = helmTemplateArgs({
      releaseName: 'shop',
      chartDir: '/c/chart',
      namespace: 'prod',
      kubeVersion: '1.34.4',
      apiVersions: ['monitoring.coreos.com/v1'],
      valueFiles: ['/c/chart/values-prod.yaml'],
      inlineValuesFile: '/tmp/inline.yaml',
      parameters: [
        { name: 'image.tag', value: '2.0' },
        { name: 'version', value: '1.10', forceString: true },
      ],
      fileParameters: [{ name: 'config', path: '/c/chart/config.txt' }],
      skipCrds: true,
      skipTests: true,
    });
    expect(args).toEqual([
      'template',
      'shop',
      '/c/chart',
      '--namespace',
      'prod',
      '--kube-version',
      '1.34.4',
      '--api-versions',
      'monitoring.coreos.com/v1',
      '--values',
      '/c/chart/values-prod.yaml',
      '--values',
      '/tmp/inline.yaml',
      '--set',
      'image.tag=2.0',
      '--set-string',
      'version=1.10',
      '--set-file',
      'config=/c/chart/config.txt',
      '--skip-crds',
      '--skip-tests',
    ]);
    expect(helmTemplateArgs({ releaseName: 'r', chartDir: 'c', valueFiles: [] })).toContain(
      '--include-crds',
    );
  });

  it('keeps a value with commas one value, except in list syntax', () => {
    expect(escapeSetValue('a,b')).toBe('a\\,b');
    expect(escapeSetValue('a\\,b')).toBe('a\\,b');
    expect(escapeSetValue('{a,b}')).toBe('{a,b}');
  });

  it('reads key=value from the command line', () => {
    expect(parseSetArgument('image.tag=1.2=3')).toEqual({ name: 'image.tag', value: '1.2=3' });
    expect(() => parseSetArgument('novalue')).toThrow(/expected key=value/);
  });
});
