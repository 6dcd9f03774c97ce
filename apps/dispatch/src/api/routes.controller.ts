import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, UseFilters, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ChangesNothing } from '@herald/observability';
import { matchRouteNodes, RoutingTreeConfig, type LabelSet, type Route } from '../routing/domain/index.js';
import { RoutingConfigService, type TreeView } from '../routing/routing-config.service.js';
import { ApiErrorFilter } from './api-error.filter.js';
import { HistoryQuery, RouteTestBatchBody, RouteTestBody, TreeWriteQuery } from './deliveries.query.js';
import { parseQuery } from './parse.js';

export interface RouteTestAnswer {
  receivers: string[];
  matches: Array<{ receiver: string | null; path: number[] }>;
}

/** The matched nodes in tree order, and the distinct receivers they name. */
function routeTest(tree: Route, labels: LabelSet): RouteTestAnswer {
  const matches = matchRouteNodes(tree, labels).map((m) => ({ receiver: m.options.receiver ?? null, path: [...m.path] }));
  return { receivers: [...new Set(matches.flatMap((m) => (m.receiver ? [m.receiver] : [])))], matches };
}

/** `/v1/routes`: the routing tree, one versioned document (read-only when the file declares `dispatch.route`). */
@Controller('v1/routes')
@UseGuards(AdminTokenGuard)
@UseFilters(ApiErrorFilter)
export class RoutesController {
  constructor(private readonly routing: RoutingConfigService) {}

  @Get()
  get(): Promise<TreeView> {
    return this.routing.tree();
  }

  @Get('history')
  async history(@Query() query: unknown): Promise<{ items: TreeView[] }> {
    return { items: await this.routing.treeHistory(parseQuery(HistoryQuery, query).limit) };
  }

  /** Replaces the tree; `?expectedVersion=N` refuses (409) if someone changed it since version N. */
  @Put()
  put(@Body() body: unknown, @Query() query: unknown): Promise<TreeView> {
    return this.routing.putTree(body, parseQuery(TreeWriteQuery, query).expectedVersion);
  }

  /** Where an incident with these labels (pseudo-labels such as severity included) would be routed, in order. */
  @Post('test')
  @HttpCode(200)
  @ChangesNothing()
  async test(@Body() body: unknown): Promise<RouteTestAnswer> {
    const { labels } = parseQuery(RouteTestBody, body, 'body');
    return routeTest(RoutingTreeConfig.parse((await this.routing.tree()).tree), labels);
  }

  /** The same question for many label sets against one version of the tree; answers in the order asked. */
  @Post('test/batch')
  @HttpCode(200)
  @ChangesNothing()
  async testBatch(@Body() body: unknown): Promise<{ results: RouteTestAnswer[] }> {
    const { labelSets } = parseQuery(RouteTestBatchBody, body, 'body');
    const tree = RoutingTreeConfig.parse((await this.routing.tree()).tree);
    return { results: labelSets.map((labels) => routeTest(tree, labels)) };
  }

  /** Empties the tree: nothing is routed until a new one is set. */
  @Delete()
  clear(@Query() query: unknown): Promise<TreeView> {
    return this.routing.putTree({}, parseQuery(TreeWriteQuery, query).expectedVersion);
  }
}
