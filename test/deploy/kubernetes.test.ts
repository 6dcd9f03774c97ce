import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { validateK8sObjects } from './lib/k8s-validate.js';
import { renderBuiltin, renderWithKubectl } from './lib/kustomize.js';
import {
  AUTOSCALED,
  containerEnv,
  KUBECTL,
  type Deployment,
  named,
  ofKind,
  podSpec,
  RENDERER,
  rendered,
  SERVICES,
  serviceContainer,
  type StatefulSet,
  TARGETS,
} from './lib/manifests.js';
import { asObj, DEPLOY, idOf, type K8sObject, readText, readYaml, sameValue } from './lib/objects.js';

/** Variables holding credentials: always from a Secret, never a literal in a manifest. */
const SECRET_NAME = /(^DATABASE_URL$|^SMTP_URL$|TOKEN|PASSWORD|SECRET|^HERALD_KEY_)/;
/** Secrets the operator creates in production (documented in deploy/README.md). */
const OPERATOR_SECRETS = ['herald-secrets'];

function workloads(objects: readonly K8sObject[]): Array<Deployment | StatefulSet> {
  return [...ofKind<IDeployment>(objects, 'Deployment'), ...ofKind<IStatefulSet>(objects, 'StatefulSet')];
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([k, v]) => labels?.[k] === v);
}

function podsSelectedBy(objects: readonly K8sObject[], selector: Record<string, string> | undefined): Array<Deployment | StatefulSet> {
  return workloads(objects).filter((w) => selects(selector, w.spec?.template.metadata?.labels));
}

function preStopSeconds(container: IContainer): number | undefined {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' && command[1] !== undefined ? Number(command[1]) : undefined;
}

describe(`Kubernetes manifests (deploy/k8s), rendered by ${RENDERER}`, () => {
  it('every object of base, dev and production is valid against the Kubernetes schemas (kubernetes-models), unknown fields included', async () => {
    // One type-check program for all three renderings (objects they share are checked once).
    const unique = new Map<string, K8sObject>();
    for (const target of TARGETS) {
      const objects = rendered(target);
      assert.ok(objects.length > 10, `${target} rendered only ${objects.length} objects`);
      for (const o of objects) unique.set(JSON.stringify(o), o);
    }
    assert.deepEqual(await validateK8sObjects([...unique.values()]), []);
  });

  it('the validation catches a misspelt field, a wrong type, a missing required field and an unknown kind', async () => {
    const deployment = named<IDeployment>(rendered('base'), 'Deployment', 'herald-ingestion');
    const broken = (name: string): Deployment => {
      const copy = structuredClone(deployment);
      copy.metadata.name = name;
      return copy;
    };
    const misspelt = broken('misspelt') as Deployment & { spec: Record<string, unknown> };
    misspelt.spec.replicaz = 2;
    const misplaced = broken('misplaced');
    (podSpec(misplaced).containers[0] as IContainer & { readOnlyRootFilesystem?: boolean }).readOnlyRootFilesystem = true;
    const wrongType = broken('wrong-type');
    const port = podSpec(wrongType).containers[0]?.ports?.[0];
    assert.ok(port);
    (port as { containerPort: unknown }).containerPort = 'eighty';
    const missing = broken('missing');
    delete (podSpec(missing).containers[0] as Partial<IContainer>).name;
    const unknownKind = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'widget' } };
    const problems = await validateK8sObjects([deployment, misspelt, misplaced, wrongType, missing, unknownKind]);
    for (const name of ['misspelt', 'misplaced', 'wrong-type', 'missing', 'widget']) {
      assert.ok(problems.some((p) => p.includes(`/${name}:`)), `no problem reported for ${name}:\n${problems.join('\n')}`);
    }
    assert.ok(!problems.some((p) => p.includes('/herald-ingestion:')), 'the valid Deployment was refused');
  });

  it('the built-in renderer agrees with kubectl kustomize, object for object', { skip: KUBECTL ? false : 'kubectl not found: nothing to compare with' }, () => {
    for (const target of TARGETS) {
      const dir = join(DEPLOY, 'k8s', target);
      const byKubectl = new Map(renderWithKubectl(KUBECTL ?? 'kubectl', dir).map((o) => [idOf(o), o]));
      const builtin = new Map(renderBuiltin(dir).map((o) => [idOf(o), o]));
      assert.deepEqual([...builtin.keys()].sort(), [...byKubectl.keys()].sort(), `${target}: different objects`);
      for (const [id, object] of byKubectl) assert.ok(sameValue(builtin.get(id), object), `${target}: ${id} differs:\n${JSON.stringify(builtin.get(id))}\n${JSON.stringify(object)}`);
    }
  });

  for (const target of TARGETS) {
    it(`${target}: each service has a Deployment, a Service and a PodDisruptionBudget; ingestion and dispatch an autoscaler`, () => {
      const objects = rendered(target);
      for (const service of SERVICES) {
        const name = `herald-${service}`;
        const deployment = named<IDeployment>(objects, 'Deployment', name);
        const svc = named<IService>(objects, 'Service', name);
        const pdb = named<IPodDisruptionBudget>(objects, 'PodDisruptionBudget', name);
        const labels = deployment.spec?.template.metadata?.labels;
        assert.ok(selects(svc.spec?.selector, labels), `Service ${name} does not select its pods`);
        assert.ok(selects(pdb.spec?.selector?.matchLabels, labels), `PDB ${name} does not select its pods`);
        assert.equal(pdb.spec?.maxUnavailable, 1, `PDB ${name}: maxUnavailable 1 works at any replica count`);
        const hpa = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').find((h) => h.metadata.name === name);
        if (AUTOSCALED.includes(service)) {
          assert.ok(hpa, `${name} has no HorizontalPodAutoscaler`);
          assert.deepEqual(hpa.spec?.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name });
          assert.ok((hpa.spec?.minReplicas ?? 1) <= (hpa.spec?.maxReplicas ?? 0));
          assert.equal(deployment.spec?.replicas, undefined, `${name}: replicas belong to the autoscaler (kubectl apply would reset them)`);
        } else {
          assert.equal(hpa, undefined);
          assert.ok((deployment.spec?.replicas ?? 0) >= 1);
        }
        assert.equal(podSpec(deployment).serviceAccountName, 'herald');
      }
      const sa = named<{ automountServiceAccountToken?: boolean }>(objects, 'ServiceAccount', 'herald');
      assert.equal(sa.automountServiceAccountToken, false);
    });

    it(`${target}: pods are non-root with a read-only root filesystem; probes, preStop and grace period fit the drain`, () => {
      const objects = rendered(target);
      for (const workload of workloads(objects)) {
        const spec: IPodSpec = podSpec(workload);
        const where = idOf(workload);
        assert.equal(spec.securityContext?.runAsNonRoot, true, `${where}: runAsNonRoot`);
        assert.equal(spec.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${where}: seccomp`);
        for (const container of spec.containers) {
          const at = `${where} ${container.name}`;
          assert.equal(container.securityContext?.readOnlyRootFilesystem, true, `${at}: readOnlyRootFilesystem`);
          assert.equal(container.securityContext?.allowPrivilegeEscalation, false, `${at}: allowPrivilegeEscalation`);
          assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL'], `${at}: capabilities`);
          assert.ok(container.resources?.requests?.cpu && container.resources.requests.memory, `${at}: resource requests`);
          assert.ok(container.resources?.limits?.memory, `${at}: memory limit`);
          const portNames = new Set((container.ports ?? []).map((p) => p.name));
          for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
            assert.ok(probe, `${at}: startup, readiness and liveness probes`);
            if (probe.httpGet) assert.ok(portNames.has(String(probe.httpGet.port)), `${at}: probe port ${probe.httpGet.port} is not a named container port`);
          }
        }
      }
      for (const service of SERVICES) {
        const { deployment, container } = serviceContainer(objects, service);
        const spec = podSpec(deployment);
        assert.equal(container.startupProbe?.httpGet?.path, '/health/live');
        assert.equal(container.livenessProbe?.httpGet?.path, '/health/live');
        assert.equal(container.readinessProbe?.httpGet?.path, '/health/ready');
        // The readiness endpoint gives each check 2 s: the probe must wait longer than that.
        assert.ok((container.readinessProbe?.timeoutSeconds ?? 1) > 2, `${service}: readiness timeout`);
        const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
        assert.ok(tmp && spec.volumes?.find((v) => v.name === tmp.name)?.emptyDir, `${service}: /tmp is an emptyDir`);
        const preStop = preStopSeconds(container);
        assert.ok(preStop !== undefined && preStop > 0, `${service}: preStop sleep`);
        const grace = Number(containerEnv(objects, container).get('SHUTDOWN_GRACE_SECONDS') ?? 20);
        const period = spec.terminationGracePeriodSeconds ?? 30;
        assert.ok(period > preStop + grace, `${service}: terminationGracePeriodSeconds ${period} <= preStop ${preStop} + SHUTDOWN_GRACE_SECONDS ${grace}`);
        assert.ok(container.image?.includes('herald'), `${service}: image ${container.image}`);
        assert.deepEqual(container.args, [`apps/${service}/dist/main.js`]);
      }
    });

    it(`${target}: Services, PDBs and NetworkPolicies select pods that exist, on ports those pods name`, () => {
      const objects = rendered(target);
      for (const svc of ofKind<IService>(objects, 'Service')) {
        const pods = podsSelectedBy(objects, svc.spec?.selector);
        assert.ok(pods.length > 0, `${idOf(svc)} selects no pods`);
        for (const port of svc.spec?.ports ?? []) {
          const names = pods.flatMap((p) => podSpec(p).containers.flatMap((c) => (c.ports ?? []).map((cp) => cp.name)));
          assert.ok(typeof port.targetPort !== 'string' || names.includes(port.targetPort), `${idOf(svc)}: targetPort ${port.targetPort} is not a container port`);
        }
      }
      for (const pdb of ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget')) {
        assert.ok(podsSelectedBy(objects, pdb.spec?.selector?.matchLabels).length > 0, `${idOf(pdb)} selects no pods`);
      }
      const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
      assert.ok(policies.some((p) => Object.keys(p.spec?.podSelector.matchLabels ?? {}).length === 0 && p.spec?.policyTypes?.includes('Ingress') && !p.spec.ingress), 'a default-deny ingress policy');
      for (const policy of policies) {
        const selector = policy.spec?.podSelector.matchLabels;
        if (Object.keys(selector ?? {}).length === 0) continue;
        const pods = podsSelectedBy(objects, selector);
        assert.ok(pods.length > 0, `${idOf(policy)} selects no pods`);
        const names = pods.flatMap((p) => podSpec(p).containers.flatMap((c) => (c.ports ?? []).map((cp) => cp.name)));
        for (const rule of policy.spec?.ingress ?? []) {
          for (const port of rule.ports ?? []) assert.ok(typeof port.port !== 'string' || names.includes(port.port), `${idOf(policy)}: port ${port.port}`);
          for (const peer of rule.from ?? []) {
            if (peer.podSelector && !peer.namespaceSelector) assert.ok(podsSelectedBy(objects, peer.podSelector.matchLabels).length > 0, `${idOf(policy)}: a peer selects no pods`);
          }
        }
      }
      // Every Herald service is reachable on its http port by the other services (metrics, APIs).
      for (const service of SERVICES) {
        const { deployment } = serviceContainer(objects, service);
        const labels = deployment.spec?.template.metadata?.labels;
        assert.ok(policies.some((p) => selects(p.spec?.podSelector.matchLabels, labels) && (p.spec?.ingress ?? []).some((r) => (r.ports ?? []).some((port) => port.port === 'http'))), `${service}: no policy admits its http port`);
      }
    });

    it(`${target}: recommended app.kubernetes.io labels on every object and pod template`, () => {
      for (const object of rendered(target)) {
        const labels = object.metadata.labels ?? {};
        assert.equal(labels['app.kubernetes.io/part-of'], 'herald', `${idOf(object)}: part-of`);
        if (object.kind === 'Namespace') continue;
        assert.ok(labels['app.kubernetes.io/name'], `${idOf(object)}: name`);
        assert.equal(labels['app.kubernetes.io/instance'], 'herald', `${idOf(object)}: instance`);
      }
      for (const workload of workloads(rendered(target))) {
        const labels = workload.spec?.template.metadata?.labels ?? {};
        for (const key of ['name', 'instance', 'component', 'part-of', 'version']) assert.ok(labels[`app.kubernetes.io/${key}`], `${idOf(workload)}: pod label app.kubernetes.io/${key}`);
      }
    });

    it(`${target}: credentials come from Secrets by reference; every referenced ConfigMap and Secret exists or is the operator's`, () => {
      const objects = rendered(target);
      const configMaps = new Set(ofKind<IConfigMap>(objects, 'ConfigMap').map((c) => c.metadata.name));
      const secrets = new Set(ofKind<ISecret>(objects, 'Secret').map((s) => s.metadata.name));
      const missingSecrets = new Set<string>();
      const requiredKeys = new Set<string>();
      for (const workload of workloads(objects)) {
        const spec = podSpec(workload);
        for (const volume of spec.volumes ?? []) {
          if (volume.configMap) assert.ok(configMaps.has(volume.configMap.name ?? ''), `${idOf(workload)}: ConfigMap ${volume.configMap.name}`);
          if (volume.secret) assert.fail(`${idOf(workload)}: mounts Secret ${volume.secret.secretName}; document it or reference keys`);
        }
        for (const container of spec.containers) {
          for (const from of container.envFrom ?? []) {
            if (from.configMapRef) assert.ok(configMaps.has(from.configMapRef.name ?? ''), `${idOf(workload)}: envFrom ConfigMap ${from.configMapRef.name}`);
            assert.equal(from.secretRef, undefined, `${idOf(workload)}: envFrom secretRef hides which keys are needed`);
          }
          for (const e of container.env ?? []) {
            if (SECRET_NAME.test(e.name) && workload.metadata.name.startsWith('herald-') && e.name !== 'POSTGRES_USER') {
              assert.ok(e.valueFrom?.secretKeyRef, `${idOf(workload)}: ${e.name} must come from a Secret (secretKeyRef)`);
            }
            const ref = e.valueFrom?.secretKeyRef;
            if (!ref) continue;
            if (!secrets.has(ref.name ?? '')) missingSecrets.add(ref.name ?? '');
            if (ref.optional !== true) requiredKeys.add(ref.key);
            const secret = ofKind<ISecret>(objects, 'Secret').find((s) => s.metadata.name === ref.name);
            if (secret) assert.ok(secret.stringData?.[ref.key] !== undefined || secret.data?.[ref.key] !== undefined || ref.optional, `${idOf(secret)} lacks key ${ref.key}`);
          }
        }
      }
      if (target === 'overlays/dev') assert.deepEqual([...missingSecrets], [], 'the dev overlay is self-contained');
      else assert.deepEqual([...missingSecrets].filter((s) => !OPERATOR_SECRETS.includes(s)), []);
      if (target === 'overlays/production') {
        assert.deepEqual(ofKind(objects, 'Secret'), [], 'production ships no Secret values');
        const readme = readText(join(DEPLOY, 'README.md'));
        for (const key of requiredKeys) assert.ok(readme.includes(key), `deploy/README.md does not tell the operator about herald-secrets key ${key}`);
      }
    });

    it(`${target}: NATS is a JetStream StatefulSet with persistent volumes, fsync on every write and routes to every node`, () => {
      const objects = rendered(target);
      const nats = named<IStatefulSet>(objects, 'StatefulSet', 'herald-nats');
      const replicas = nats.spec?.replicas ?? 1;
      assert.equal(replicas, target === 'overlays/dev' ? 1 : 3);
      assert.equal(nats.spec?.podManagementPolicy, 'Parallel');
      const claim = nats.spec?.volumeClaimTemplates?.[0];
      assert.ok(claim?.spec?.resources?.requests?.storage, 'a PersistentVolumeClaim per node');
      const container = podSpec(nats).containers[0];
      assert.ok(container);
      const dataMount = container.volumeMounts?.find((m) => m.name === claim.metadata?.name);
      assert.ok(dataMount, 'the claim is mounted');
      const configVolume = podSpec(nats).volumes?.find((v) => v.configMap);
      const config = ofKind<IConfigMap>(objects, 'ConfigMap').find((c) => c.metadata.name === configVolume?.configMap?.name)?.data?.['nats.conf'];
      assert.ok(config, 'nats.conf in the ConfigMap the pods mount');
      assert.match(config, new RegExp(`store_dir:\\s*${dataMount.mountPath}/`), 'JetStream stores on the persistent volume');
      assert.match(config, /sync_interval:\s*always/);
      const routes = [...config.matchAll(/nats:\/\/([\w-]+)\.([\w-]+):6222/g)];
      if (replicas > 1) {
        assert.deepEqual(routes.map((r) => r[1]), Array.from({ length: replicas }, (_, i) => `herald-nats-${i}`));
        assert.ok(routes.every((r) => r[2] === nats.spec?.serviceName));
        assert.ok(named<IService>(objects, 'Service', nats.spec?.serviceName ?? '').spec?.clusterIP === 'None');
      } else {
        assert.equal(routes.length, 0, 'a single node has no cluster block');
      }
      const env = containerEnv(objects, serviceContainer(objects, 'incidents').container);
      assert.equal(env.get('NATS_URL'), 'nats://herald-nats:4222');
      assert.equal(named<IService>(objects, 'Service', 'herald-nats').spec?.ports?.find((p) => p.port === 4222)?.targetPort, 'client');
      const streamReplicas = Number(env.get('NATS_STREAM_REPLICAS'));
      assert.ok(streamReplicas <= replicas, `NATS_STREAM_REPLICAS ${streamReplicas} > ${replicas} NATS nodes`);
      if (target === 'overlays/production') assert.equal(streamReplicas, 3);
    });
  }

  it('nats.conf files are accepted by nats-server -t (fields newer than the local server aside)', (t) => {
    const probe = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      t.skip('nats-server not installed');
      return;
    }
    const [major = 0, minor = 0] = (/v(\d+)\.(\d+)/.exec(probe.stdout + probe.stderr) ?? []).slice(1).map(Number);
    const old = major === 2 && minor < 10;
    if (old) t.diagnostic(`nats-server ${major}.${minor} predates sync_interval (2.10): that line is checked by the other test, not by the server`);
    const dir = mkdtempSync(join(tmpdir(), 'herald-nats-conf-'));
    try {
      const configs = [
        ...ofKind<IConfigMap>(rendered('base'), 'ConfigMap').filter((c) => c.data?.['nats.conf']).map((c) => c.data?.['nats.conf'] ?? ''),
        ...ofKind<IConfigMap>(rendered('overlays/dev'), 'ConfigMap').filter((c) => c.data?.['nats.conf']).map((c) => c.data?.['nats.conf'] ?? ''),
        readText(join(DEPLOY, 'compose', 'nats.conf')),
      ];
      for (const [i, text] of configs.entries()) {
        const file = join(dir, `nats-${i}.conf`);
        let local = text.replace(/\/data\/jetstream/g, join(dir, 'js')).replace(/\/var\/run\/nats\//g, `${dir}/`);
        if (old) local = local.replace(/^\s*sync_interval:.*$/m, '');
        writeFileSync(file, local);
        const result = spawnSync('nats-server', ['-t', '-c', file], { encoding: 'utf8', env: { ...process.env, POD_NAME: 'herald-nats-0' } });
        assert.equal(result.status, 0, `nats.conf #${i}: ${result.stdout}${result.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the CloudNativePG cluster (optional PostgreSQL) is a 3-instance cluster with the herald database', () => {
    // Not part of the overlays and not in kubernetes-models: checked field by field against
    // the CloudNativePG v1 Cluster API for the fields Herald relies on.
    const cluster = asObj(readYaml(join(DEPLOY, 'k8s', 'postgres', 'cnpg-cluster.yaml')), 'cnpg-cluster.yaml');
    assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
    assert.equal(cluster.kind, 'Cluster');
    const spec = asObj(cluster.spec, 'spec');
    assert.ok(Number(spec.instances) >= 3);
    const initdb = asObj(asObj(spec.bootstrap, 'bootstrap').initdb, 'initdb');
    assert.equal(initdb.database, 'herald');
    assert.equal(initdb.owner, 'herald');
    assert.match(String(asObj(spec.storage, 'storage').size), /^\d+Gi$/);
    const allowed = new Set(['instances', 'imageName', 'primaryUpdateStrategy', 'minSyncReplicas', 'maxSyncReplicas', 'postgresql', 'bootstrap', 'storage', 'affinity', 'resources', 'monitoring', 'backup', 'walStorage', 'description']);
    assert.deepEqual(Object.keys(spec).filter((k) => !allowed.has(k)), []);
  });
});
