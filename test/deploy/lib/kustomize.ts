import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { asArray, asK8sObject, asObj, asString, idOf, isObj, type K8sObject, type Obj, parseDocuments } from './objects.js';

/**
 * Renders a kustomization directory. Two renderers:
 * - `kubectl kustomize` (kustomize v5 inside kubectl) when kubectl is on PATH (or HERALD_KUBECTL);
 * - `renderBuiltin`: a small renderer for exactly the subset deploy/k8s uses (resources, namespace,
 *   images, replicas, configMapGenerator with create/merge/replace and kustomize's content-hash
 *   suffix, strategic-merge patches by path). Anything else in a kustomization is refused,
 *   not ignored. The kubernetes test checks both agree object for object wherever kubectl exists.
 */
export function kubectlPath(): string | undefined {
  const explicit = process.env.HERALD_KUBECTL;
  if (explicit) return explicit;
  const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (!path) return undefined;
  // The gcloud-bundled kubectl is a dispatcher; make sure it runs and has kustomize.
  const version = spawnSync(path, ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  return version.status === 0 && /Kustomize Version/.test(version.stdout) ? path : undefined;
}

export function renderWithKubectl(kubectl: string, dir: string): K8sObject[] {
  const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${result.stderr || result.error?.message}`);
  return parseDocuments(result.stdout, `kubectl kustomize ${dir}`).map((d, i) => asK8sObject(d, `${dir} #${i}`));
}

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'replicas', 'configMapGenerator', 'patches']);
const GENERATED = Symbol('generated');
const HASHED = Symbol('hashed');

interface Generated extends K8sObject {
  [GENERATED]?: true;
  [HASHED]?: boolean;
}

export function renderBuiltin(dir: string): K8sObject[] {
  const objects = build(resolve(dir));
  return finishNames(objects).map(strip);
}

function build(dir: string): Generated[] {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`${dir}: no kustomization.yaml`);
  const [doc] = parseDocuments(readFileSync(file, 'utf8'), file);
  const k = asObj(doc, file);
  for (const key of Object.keys(k)) if (!SUPPORTED_FIELDS.has(key)) throw new Error(`${file}: "${key}" is not supported by the built-in renderer`);
  if (k.kind !== undefined && k.kind !== 'Kustomization') throw new Error(`${file}: kind ${JSON.stringify(k.kind)} is not supported`);

  let objects: Generated[] = [];
  for (const entry of asArray(k.resources, `${file}: resources`)) {
    const path = join(dir, asString(entry, `${file}: resources[]`));
    if (statSync(path).isDirectory()) objects.push(...build(path));
    else objects.push(...parseDocuments(readFileSync(path, 'utf8'), path).map((d, i) => asK8sObject(d, `${path} #${i}`)));
  }
  objects = applyGenerators(dir, file, k.configMapGenerator, objects);
  for (const entry of asArray(k.patches, `${file}: patches`)) applyPatchFile(dir, file, asObj(entry, `${file}: patches[]`), objects);
  if (k.namespace !== undefined) {
    const namespace = asString(k.namespace, `${file}: namespace`);
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = namespace;
  }
  for (const entry of asArray(k.images, `${file}: images`)) applyImage(asObj(entry, `${file}: images[]`), objects);
  for (const entry of asArray(k.replicas, `${file}: replicas`)) {
    const r = asObj(entry, `${file}: replicas[]`);
    const name = asString(r.name, `${file}: replicas[].name`);
    const targets = objects.filter((o) => o.metadata.name === name && ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind));
    if (targets.length === 0) throw new Error(`${file}: replicas: nothing named ${name}`);
    for (const o of targets) asObj(o.spec, `${idOf(o)}: spec`).replicas = r.count;
  }
  return objects;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass']);

function applyGenerators(dir: string, file: string, generators: unknown, objects: Generated[]): Generated[] {
  for (const entry of asArray(generators, `${file}: configMapGenerator`)) {
    const g = asObj(entry, `${file}: configMapGenerator[]`);
    for (const key of Object.keys(g)) {
      if (!['name', 'behavior', 'literals', 'files', 'options'].includes(key)) throw new Error(`${file}: configMapGenerator.${key} is not supported by the built-in renderer`);
    }
    const name = asString(g.name, `${file}: configMapGenerator[].name`);
    const data: Record<string, string> = {};
    for (const literal of asArray(g.literals, `${file}: ${name}.literals`)) {
      const text = asString(literal, `${file}: ${name}.literals[]`);
      const eq = text.indexOf('=');
      if (eq < 1) throw new Error(`${file}: ${name}: literal "${text}" is not KEY=VALUE`);
      data[text.slice(0, eq)] = text.slice(eq + 1);
    }
    for (const source of asArray(g.files, `${file}: ${name}.files`)) {
      const text = asString(source, `${file}: ${name}.files[]`);
      const eq = text.indexOf('=');
      const [key, path] = eq > 0 ? [text.slice(0, eq), text.slice(eq + 1)] : [basename(text), text];
      data[key] = readFileSync(join(dir, path), 'utf8');
    }
    const options = g.options === undefined ? {} : asObj(g.options, `${file}: ${name}.options`);
    for (const key of Object.keys(options)) {
      if (!['labels', 'annotations', 'disableNameSuffixHash'].includes(key)) throw new Error(`${file}: ${name}.options.${key} is not supported`);
    }
    const behavior = g.behavior === undefined ? 'create' : asString(g.behavior, `${file}: ${name}.behavior`);
    const existing = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name && o[GENERATED]);
    if (behavior === 'create') {
      if (existing) throw new Error(`${file}: ConfigMap ${name} already generated (use behavior: merge or replace)`);
      const metadata: K8sObject['metadata'] = { name };
      if (options.labels !== undefined) metadata.labels = { ...(asObj(options.labels, 'labels') as Record<string, string>) };
      if (options.annotations !== undefined) metadata.annotations = { ...asObj(options.annotations, 'annotations') };
      const generated: Generated = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
      generated[GENERATED] = true;
      generated[HASHED] = options.disableNameSuffixHash !== true;
      objects.push(generated);
    } else if (behavior === 'merge' || behavior === 'replace') {
      if (!existing) throw new Error(`${file}: ConfigMap ${name} to ${behavior} was never generated`);
      existing.data = behavior === 'merge' ? { ...asObj(existing.data ?? {}, 'data'), ...data } : data;
      if (options.labels !== undefined) existing.metadata.labels = { ...existing.metadata.labels, ...(asObj(options.labels, 'labels') as Record<string, string>) };
      if (options.disableNameSuffixHash !== undefined) existing[HASHED] = options.disableNameSuffixHash !== true;
    } else {
      throw new Error(`${file}: ${name}: behavior ${behavior} is not supported`);
    }
  }
  return objects;
}

/** Lists merged item by item on a key, as Kubernetes' strategic merge patch does for them. */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
};

function applyPatchFile(dir: string, file: string, entry: Obj, objects: Generated[]): void {
  for (const key of Object.keys(entry)) if (key !== 'path') throw new Error(`${file}: patches[].${key} is not supported by the built-in renderer`);
  const path = join(dir, asString(entry.path, `${file}: patches[].path`));
  for (const [i, doc] of parseDocuments(readFileSync(path, 'utf8'), path).entries()) {
    const patch = asK8sObject(doc, `${path} #${i}`);
    const target = objects.find(
      (o) => o.kind === patch.kind && o.apiVersion === patch.apiVersion && o.metadata.name === patch.metadata.name,
    );
    if (!target) throw new Error(`${path}: no ${patch.apiVersion} ${patch.kind} named ${patch.metadata.name} to patch`);
    mergeInto(target, patch, `${path}: ${idOf(patch)}`);
  }
}

function mergeInto(base: Obj, patch: Obj, where: string): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`${where}: directive ${key} is not supported`);
    const current = base[key];
    if (value === null) delete base[key];
    else if (isObj(value) && isObj(current)) mergeInto(current, value, `${where}.${key}`);
    else if (Array.isArray(value) && Array.isArray(current) && MERGE_KEYS[key]) mergeList(current as unknown[], value as unknown[], MERGE_KEYS[key], `${where}.${key}`);
    else base[key] = structuredClone(value);
  }
}

function mergeList(base: unknown[], patch: unknown[], mergeKey: string, where: string): void {
  for (const item of patch) {
    const p = asObj(item, where);
    const match = base.find((b) => isObj(b) && b[mergeKey] === p[mergeKey]);
    // Strategic merge would add the item; where kustomize places it is not reproduced here.
    if (!isObj(match)) throw new Error(`${where}: adding ${mergeKey}=${String(p[mergeKey])} is not supported by the built-in renderer`);
    mergeInto(match, p, `${where}[${String(p[mergeKey])}]`);
  }
}

function podSpecs(o: K8sObject): Obj[] {
  const spec = isObj(o.spec) ? o.spec : undefined;
  if (!spec) return [];
  if (o.kind === 'Pod') return [spec];
  if (o.kind === 'CronJob') {
    const job = isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
    return job && isObj(job.template) && isObj(job.template.spec) ? [job.template.spec] : [];
  }
  return isObj(spec.template) && isObj(spec.template.spec) ? [spec.template.spec] : [];
}

function containersOf(podSpec: Obj): Obj[] {
  return [...asArray(podSpec.containers, 'containers'), ...asArray(podSpec.initContainers, 'initContainers')].map((c) => asObj(c, 'container'));
}

function applyImage(entry: Obj, objects: Generated[]): void {
  const name = asString(entry.name, 'images[].name');
  for (const o of objects) {
    for (const container of podSpecs(o).flatMap(containersOf)) {
      if (typeof container.image !== 'string') continue;
      const match = /^([^@]*?)(?::([^:/@]+))?(@.+)?$/.exec(container.image);
      if (!match || match[1] !== name) continue;
      const newName = typeof entry.newName === 'string' ? entry.newName : name;
      const tag = typeof entry.newTag === 'string' ? `:${entry.newTag}` : match[2] ? `:${match[2]}` : '';
      const digest = typeof entry.digest === 'string' ? `@${entry.digest}` : (match[3] ?? '');
      container.image = `${newName}${typeof entry.digest === 'string' ? '' : tag}${digest}`;
    }
  }
}

/** kustomize's name suffix: sha256 of {"data","kind","name":""} as Go's json.Marshal writes it. */
export function configMapHash(data: Record<string, string>): string {
  const encoded = goJson({ data, kind: 'ConfigMap', name: '' });
  const hex = createHash('sha256').update(encoded).digest('hex');
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => swap[c] ?? c).join('');
}

function goJson(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isObj(value)) return `{${Object.keys(value).sort().map((k) => `${goJson(k)}:${goJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Suffixes generated ConfigMaps with their content hash and points every reference at the new name. */
function finishNames(objects: Generated[]): Generated[] {
  const renamed = new Map<string, string>();
  for (const o of objects) {
    if (!o[GENERATED] || !o[HASHED]) continue;
    const data = asObj(o.data ?? {}, `${idOf(o)}: data`) as Record<string, string>;
    const name = `${o.metadata.name}-${configMapHash(data)}`;
    renamed.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, name);
    o.metadata.name = name;
  }
  const rename = (holder: Obj, key: string, namespace: string | undefined): void => {
    const current = holder[key];
    if (typeof current !== 'string') return;
    const to = renamed.get(`${namespace ?? ''}/${current}`);
    if (to) holder[key] = to;
  };
  for (const o of objects) {
    for (const pod of podSpecs(o)) {
      for (const volume of asArray(pod.volumes, 'volumes').map((v) => asObj(v, 'volume'))) {
        if (isObj(volume.configMap)) rename(volume.configMap, 'name', o.metadata.namespace);
        if (isObj(volume.projected)) {
          for (const source of asArray(volume.projected.sources, 'sources').map((s) => asObj(s, 'source'))) {
            if (isObj(source.configMap)) rename(source.configMap, 'name', o.metadata.namespace);
          }
        }
      }
      for (const container of containersOf(pod)) {
        for (const from of asArray(container.envFrom, 'envFrom').map((e) => asObj(e, 'envFrom'))) {
          if (isObj(from.configMapRef)) rename(from.configMapRef, 'name', o.metadata.namespace);
        }
        for (const env of asArray(container.env, 'env').map((e) => asObj(e, 'env'))) {
          if (isObj(env.valueFrom) && isObj(env.valueFrom.configMapKeyRef)) rename(env.valueFrom.configMapKeyRef, 'name', o.metadata.namespace);
        }
      }
    }
  }
  return objects;
}

/** A plain copy without the renderer's bookkeeping (symbol keys do not survive JSON). */
function strip(o: Generated): K8sObject {
  return JSON.parse(JSON.stringify(o)) as K8sObject;
}
