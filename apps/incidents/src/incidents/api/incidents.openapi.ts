import { z } from 'zod';
import { IncidentEvent, IncidentSnapshot, IsoDateTime } from '@herald/contracts';
import { actionLogRoute, type ApiDescription } from '@herald/observability';
import { AcknowledgeBody, GetIncidentQuery, ListIncidentsQuery, NoteBody, ResolveBody } from './incidents.requests.js';

const IncidentView = IncidentSnapshot.extend({ version: z.number().int(), nextTimerAt: IsoDateTime.optional() });
const ActionResult = z.object({ incident: IncidentView, events: z.array(IncidentEvent) });
const tag = 'incidents';

/** The incidents service's API, from the schemas its controllers parse with (served as /openapi.json). */
export const INCIDENTS_API: ApiDescription = {
  title: 'Herald incidents',
  version: '1',
  routes: [
    actionLogRoute('incidents'),
    { method: 'get', path: '/v1/incidents', tag, summary: 'List incidents, newest first (filters, keyset pagination)', query: ListIncidentsQuery, response: z.object({ items: z.array(IncidentView), nextCursor: z.string().nullable() }) },
    { method: 'get', path: '/v1/incidents/:id', tag, summary: 'An incident with its event timeline', query: GetIncidentQuery, response: z.object({ incident: IncidentView, timeline: z.array(IncidentEvent), nextTimelineAfter: z.number().int().nullable() }) },
    { method: 'post', path: '/v1/incidents/:id/acknowledge', tag, summary: 'Acknowledge an incident', body: AcknowledgeBody, response: ActionResult },
    { method: 'post', path: '/v1/incidents/:id/resolve', tag, summary: 'Resolve an incident', body: ResolveBody, response: ActionResult },
    { method: 'post', path: '/v1/incidents/:id/notes', tag, summary: 'Add a note to the timeline', body: NoteBody, response: ActionResult, status: 201 },
    { method: 'post', path: '/v1/admin/rebuild-projections', tag: 'administration', summary: 'Rebuild the incidents read model from the event store' },
  ],
};
