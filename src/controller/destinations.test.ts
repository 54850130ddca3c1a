import type https from 'node:https';
import { describe, expect, it } from 'vitest';
import { parseClusterSecret } from '../credentials/index.js';
import { kubeconfigOf } from './destinations.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CA = '-----BEGIN CERTIFICATE-----\nTUlJQmZha2U=\n-----END CERTIFICATE-----\n';
const TOKEN = 'sEcReT-token-value';

describe('kubeconfigOf', () => {
  it('reaches a registered cluster with its server, CA and bearer token', async () => {
    const cluster = parseClusterSecret({
      metadata: { name: 'prod', namespace: 'keelson' },
      data: {
        name: b64('prod'),
        server: b64('https://prod.example.com'),
        config: b64(JSON.stringify({ bearerToken: TOKEN, tlsClientConfig: { caData: b64(CA) } })),
      },
    });
    const kc = kubeconfigOf(cluster);
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://prod.example.com' });
    const options: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    expect(options.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    expect(String(options.ca)).toBe(CA);
    expect(options.rejectUnauthorized).not.toBe(false);
  });
});
