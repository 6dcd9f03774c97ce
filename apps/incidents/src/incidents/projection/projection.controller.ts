import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@herald/observability';
import { ProjectionRebuilder, type RebuildReport } from './projection-rebuild.js';

@Controller('v1/admin')
@UseGuards(AdminTokenGuard)
export class ProjectionController {
  constructor(private readonly rebuilder: ProjectionRebuilder) {}

  /** Rebuilds the `incidents` read model from the event store (atomically; writers wait meanwhile). */
  @Post('rebuild-projections')
  @HttpCode(200)
  async rebuild(): Promise<RebuildReport> {
    return this.rebuilder.rebuild();
  }
}
