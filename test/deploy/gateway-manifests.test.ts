import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IService } from 'kubernetes-models/v1/Service';
import { envSchema, NODE_VARIABLES } from './lib/env-schemas.js';
import { containerEnv, named, ofKind, podSpec, rendered, serviceContainer, TARGETS, type Service } from './lib/manifests.js';

/*
 * The gateway in every kustomize target: one Ingress to it, its upstream URLs pointing at the
 * Services that exist on the ports they serve, and notifications linking to the Ingress host.
 * (kubernetes.test.ts checks every workload's security context, probes and labels.)
 */
describe('the gateway in Kubernetes', () => {
  for (const target of TARGETS) {
    it(`${target}: the one Ingress routes everything to the gateway's Service`, () => {
      const objects = rendered(target);
      const ingresses = ofKind<IIngress>(objects, 'Ingress');
      assert.equal(ingresses.length, 1);
      const paths = ingresses[0]!.spec?.rules?.flatMap((r) => r.http?.paths ?? []) ?? [];
      assert.deepEqual(
        paths.map((p) => [p.path, p.pathType, p.backend.service?.name, p.backend.service?.port?.name]),
        [['/', 'Prefix', 'herald-gateway', 'http']],
      );
      const gateway = named<IService>(objects, 'Service', 'herald-gateway');
      assert.ok(gateway.spec?.ports?.some((p) => p.name === 'http'));
    });

    it(`${target}: the gateway forwards to each service's Service and port (variables it reads, values it accepts), and is open to the Ingress controller`, async () => {
      const objects = rendered(target);
      const { container, deployment } = serviceContainer(objects, 'gateway' as Service);
      assert.deepEqual(container.args, ['apps/gateway/dist/main.js']);
      const env = containerEnv(objects, container);
      for (const upstream of ['ingestion', 'incidents', 'dispatch', 'analytics'] as const) {
        const url = new URL(env.get(`GATEWAY_${upstream.toUpperCase()}_URL`) ?? '');
        const svc = named<IService>(objects, 'Service', url.hostname);
        const { container: target } = serviceContainer(objects, upstream);
        assert.equal(url.hostname, `herald-${upstream}`);
        assert.equal(String(svc.spec?.ports?.[0]?.port), url.port, `${upstream}: Service port`);
        assert.ok(target.ports?.some((p) => String(p.containerPort) === url.port), `${upstream}: container port`);
      }
      const schema = await envSchema('gateway' as Service);
      assert.deepEqual([...env.keys()].filter((name) => !schema.keys.has(name) && !NODE_VARIABLES.has(name)), [], 'variables the gateway does not read');
      assert.deepEqual(schema.check(Object.fromEntries([...env].filter((e): e is [string, string] => e[1] !== undefined))), [], 'values the gateway refuses');
      const labels = (deployment as IDeployment).spec?.template.metadata?.labels ?? {};
      const open = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').find(
        (p) => p.spec?.podSelector.matchLabels?.['app.kubernetes.io/component'] === labels['app.kubernetes.io/component'],
      );
      assert.ok(open, 'a NetworkPolicy for the gateway');
      assert.ok(open.spec?.ingress?.every((rule) => rule.from === undefined), 'reachable from anywhere (the Ingress controller)');
      assert.equal(podSpec(deployment).serviceAccountName, 'herald');
    });

    it(`${target}: notifications link to the Ingress host`, () => {
      const objects = rendered(target);
      const host = ofKind<IIngress>(objects, 'Ingress')[0]?.spec?.rules?.[0]?.host;
      const env = containerEnv(objects, serviceContainer(objects, 'dispatch').container);
      assert.equal(env.get('HERALD_PUBLIC_URL'), `https://${host}`);
    });
  }
});
