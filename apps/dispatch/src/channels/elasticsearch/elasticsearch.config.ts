import { z } from 'zod';
import { OutboundAuth } from '../shared/auth.js';
import { HttpUrl } from '../shared/http.js';

/** Elasticsearch index naming rules (lower case, no reserved characters, not `.`/`..`). */
const IndexName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?![-_+])[^A-Z\\/*?"<>| ,#:]+$/, 'must be a valid lower-case index name')
  .refine((name) => name !== '.' && name !== '..', 'must be a valid index name');

/** ECS `event.category` allowed values (ECS 8.11). */
export const ECS_CATEGORIES = [
  'api', 'authentication', 'configuration', 'database', 'driver', 'email', 'file', 'host', 'iam', 'intrusion_detection',
  'library', 'malware', 'network', 'package', 'process', 'registry', 'session', 'threat', 'vulnerability', 'web',
] as const;

/**
 * Indexes each incident event as an ECS document. `url` is the cluster (`https://es:9200`) or, as
 * seed 004 writes it, an index's document endpoint (`https://es:9200/sentyr/_doc`): then that index
 * is the one written to.
 */
export const ElasticsearchConfig = z
  .strictObject({
    url: HttpUrl,
    index: IndexName.default('herald-incidents'),
    /** The `encoded` value of an Elasticsearch API key; sent as `Authorization: ApiKey …`. */
    apiKey: z.string().min(1).max(1024).regex(/^[A-Za-z0-9+/=_-]+$/, 'must be the encoded API key').optional(),
    auth: OutboundAuth.optional(),
    /** ECS `event.category` of every document (seed 004 sets one); `event.type` follows the incident event. */
    eventCategory: z.array(z.enum(ECS_CATEGORIES)).min(1).max(5).default(['host']),
    /** Ingest pipeline to run on each document. */
    pipeline: z.string().min(1).max(255).regex(/^[A-Za-z0-9._-]+$/).optional(),
  })
  .refine((c) => !(c.apiKey && c.auth && c.auth.type !== 'none'), {
    message: 'use either apiKey or auth',
    path: ['auth'],
  });
export type ElasticsearchConfig = z.infer<typeof ElasticsearchConfig>;
