import { RequestMethod, type DynamicModule, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { ApiRoute } from './openapi-document.js';

/** Marks a controller whose routes are for operators' tooling (health, metrics, this document), not the API. */
export const OPERATIONAL_ROUTES = 'herald:operational-routes';

type ModuleLike = DynamicModule | Type | Promise<DynamicModule> | { forwardRef: () => unknown };

const joinPath = (...parts: string[]): string => `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;

/**
 * Every `METHOD /path` a module's controllers serve (its imports' too), read from Nest's
 * route metadata: what a service's API description must cover. Health, metrics and the
 * document itself (controllers marked OPERATIONAL_ROUTES) are left out.
 */
export function servedRoutes(root: DynamicModule): string[] {
  const routes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (module: ModuleLike): void => {
    if (seen.has(module) || module instanceof Promise || 'forwardRef' in module) return;
    seen.add(module);
    const dynamic = typeof module === 'function' ? undefined : module;
    const controllers: Type[] = [...((Reflect.getMetadata('controllers', dynamic?.module ?? module) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])];
    for (const controller of controllers.filter((c) => Reflect.getMetadata(OPERATIONAL_ROUTES, c) !== true)) {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of methodNames(prototype)) {
        const handler = prototype[name];
        const method = Reflect.getMetadata(METHOD_METADATA, handler as object) as RequestMethod | undefined;
        if (method === undefined) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler as object) ?? '');
        routes.add(`${RequestMethod[method]} ${joinPath(base, path)}`);
      }
    }
    for (const imported of [...((Reflect.getMetadata('imports', dynamic?.module ?? module) as ModuleLike[] | undefined) ?? []), ...(dynamic?.imports ?? [])]) {
      visit(imported as ModuleLike);
    }
  };
  visit(root);
  return [...routes].sort();
}

/** Own and inherited method names (abstract base controllers declare shared routes). */
function methodNames(prototype: object | null): string[] {
  const names = new Set<string>();
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const name of Object.getOwnPropertyNames(p)) if (name !== 'constructor') names.add(name);
  }
  return [...names];
}

/** The same `METHOD /path` strings for a route list, to compare with servedRoutes. */
export const documentedRoutes = (routes: readonly ApiRoute[]): string[] => routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
