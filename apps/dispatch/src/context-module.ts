import type { DynamicModule } from '@nestjs/common';
import type { DispatchConfig } from './config.js';

/**
 * Nest (11+) tells dynamic modules apart by object identity, so a context module that two
 * others import must be built once per configuration, or each import would get its own copy
 * of its providers (two caches, two consumers). This memoises a `forRoot`.
 */
export function oncePerConfig(build: (config: DispatchConfig) => DynamicModule): (config: DispatchConfig) => DynamicModule {
  const built = new WeakMap<DispatchConfig, DynamicModule>();
  return (config) => {
    let module = built.get(config);
    if (!module) {
      module = build(config);
      built.set(config, module);
    }
    return module;
  };
}
