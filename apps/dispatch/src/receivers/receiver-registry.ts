import { Inject, Injectable } from '@nestjs/common';
import { loadConfigSection } from '@herald/config';
import type { Route } from '../routing/domain/index.js';
import { DispatchSection, type DeclaredReceiver } from './dispatch.file.js';

export const DISPATCH_CONFIG_FILE = Symbol('DISPATCH_CONFIG_FILE');

/** Receivers and the routing tree, as declared in the configuration file. */
@Injectable()
export class ReceiverRegistry {
  private readonly section: DispatchSection;
  private readonly byId: ReadonlyMap<string, DeclaredReceiver>;

  constructor(@Inject(DISPATCH_CONFIG_FILE) file: string | undefined) {
    this.section = loadConfigSection(file, 'dispatch', DispatchSection);
    this.byId = new Map(this.section.receivers.map((r) => [r.id, r]));
  }

  get route(): Route {
    return this.section.route;
  }

  get(id: string): DeclaredReceiver | undefined {
    return this.byId.get(id);
  }

  all(): readonly DeclaredReceiver[] {
    return this.section.receivers;
  }
}
