import { join } from 'node:path';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { kubectlPath, renderBuiltin, renderWithKubectl } from './kustomize.js';
import { DEPLOY, type K8sObject } from './objects.js';

export const SERVICES = ['ingestion', 'incidents', 'dispatch', 'analytics'] as const;
export type Service = (typeof SERVICES)[number];
export const AUTOSCALED: readonly Service[] = ['ingestion', 'dispatch'];

/** The kustomizations an operator applies (base is rendered too, being valid on its own). */
export const TARGETS = ['base', 'overlays/dev', 'overlays/production'] as const;
export type Target = (typeof TARGETS)[number];

export const KUBECTL = kubectlPath();
export const RENDERER = KUBECTL ? `kubectl kustomize (${KUBECTL})` : 'the built-in renderer (kubectl not found)';

const cache = new Map<Target, K8sObject[]>();

/** The target rendered by kubectl kustomize when available, else by the built-in renderer. */
export function rendered(target: Target): K8sObject[] {
  let objects = cache.get(target);
  if (!objects) {
    const dir = join(DEPLOY, 'k8s', target);
    objects = KUBECTL ? renderWithKubectl(KUBECTL, dir) : renderBuiltin(dir);
    cache.set(target, objects);
  }
  return structuredClone(objects);
}

export function ofKind<T>(objects: readonly K8sObject[], kind: string): Array<T & K8sObject> {
  return objects.filter((o) => o.kind === kind) as Array<T & K8sObject>;
}

export function named<T>(objects: readonly K8sObject[], kind: string, name: string): T & K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found as T & K8sObject;
}

export type Deployment = IDeployment & K8sObject;
export type StatefulSet = IStatefulSet & K8sObject;
export type K8sService = IService & K8sObject;
export type ConfigMap = IConfigMap & K8sObject;
export type Secret = ISecret & K8sObject;
export type Hpa = IHorizontalPodAutoscaler & K8sObject;

export function podSpec(workload: Deployment | StatefulSet): IPodSpec {
  const spec = workload.spec?.template.spec;
  if (!spec) throw new Error(`${workload.metadata.name} has no pod spec`);
  return spec;
}

/** The service's one container (named after the service). */
export function serviceContainer(objects: readonly K8sObject[], service: Service): { deployment: Deployment; container: IContainer } {
  const deployment = named<IDeployment>(objects, 'Deployment', `herald-${service}`);
  const container = podSpec(deployment).containers.find((c) => c.name === service);
  if (!container) throw new Error(`herald-${service} has no container named ${service}`);
  return { deployment, container };
}

/**
 * The environment a container gets, as name → value: literal values, ConfigMap values
 * (envFrom and configMapKeyRef, from the rendered ConfigMaps), Secret values where the
 * rendered Secret has them; `undefined` for a value the cluster supplies (a Secret that
 * is not part of the rendering, a field reference).
 */
export function containerEnv(objects: readonly K8sObject[], container: IContainer): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  const configMap = (name: string): ConfigMap | undefined => ofKind<IConfigMap>(objects, 'ConfigMap').find((c) => c.metadata.name === name);
  const secret = (name: string): Secret | undefined => ofKind<ISecret>(objects, 'Secret').find((s) => s.metadata.name === name);
  const secretValue = (s: Secret | undefined, key: string): string | undefined =>
    s?.stringData?.[key] ?? (s?.data?.[key] !== undefined ? Buffer.from(s.data[key], 'base64').toString('utf8') : undefined);
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = configMap(from.configMapRef.name ?? '');
      if (!cm) throw new Error(`envFrom: no ConfigMap ${from.configMapRef.name}`);
      for (const [k, v] of Object.entries(cm.data ?? {})) env.set(`${from.prefix ?? ''}${k}`, v);
    }
    if (from.secretRef) throw new Error('envFrom secretRef: name the variables one by one (secretKeyRef) instead');
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env.set(e.name, e.value);
    else if (e.valueFrom?.configMapKeyRef) env.set(e.name, configMap(e.valueFrom.configMapKeyRef.name ?? '')?.data?.[e.valueFrom.configMapKeyRef.key]);
    else if (e.valueFrom?.secretKeyRef) env.set(e.name, secretValue(secret(e.valueFrom.secretKeyRef.name ?? ''), e.valueFrom.secretKeyRef.key));
    else env.set(e.name, undefined);
  }
  return env;
}
