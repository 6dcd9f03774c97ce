import { z } from 'zod';
import { CHANNEL_RENDERERS } from '@herald/dispatch/channels';
import { DispatchSection } from '@herald/dispatch/configuration-file';
import { IntegrationsSection } from '@herald/ingestion/configuration-file';

/**
 * herald.yaml as a whole: each section is the schema the service that applies it parses with
 * (ingestion: integrations, dispatch and analytics: dispatch). Unknown top-level keys are
 * refused here, though the services ignore them, so a misspelt section is caught before deploy.
 */
export const HeraldFile: z.ZodType = z.strictObject({
  integrations: IntegrationsSection.optional(),
  dispatch: DispatchSection.optional(),
});

type Json = Record<string, unknown>;
const jsonSchema = (schema: z.ZodType): Json => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });

/**
 * A receiver's `settings` depend on its `channel` (dispatch checks them in a refinement, which
 * JSON Schema cannot see), so each channel's settings schema is attached as if/then.
 */
function withChannelSettings(schema: Json): Json {
  const receiver = (((schema.properties as Json | undefined)?.dispatch as Json | undefined)?.properties as Json | undefined)?.receivers as Json | undefined;
  const items = receiver?.items as Json | undefined;
  if (!items) throw new Error('the herald.yaml schema has no dispatch.receivers items');
  items.allOf = Object.entries(CHANNEL_RENDERERS).map(([channel, renderer]) => {
    const { $schema: _, ...settings } = jsonSchema(renderer.config);
    return { if: { properties: { channel: { const: channel } }, required: ['channel'] }, then: { properties: { settings } } };
  });
  return schema;
}

/** The JSON Schema of herald.yaml (for editors: `# yaml-language-server: $schema=…`). */
export function heraldFileJsonSchema(): Record<string, unknown> {
  const schema = withChannelSettings(jsonSchema(HeraldFile));
  return {
    ...schema,
    $id: 'https://herald.example/herald.schema.json',
    title: 'Herald configuration (herald.yaml)',
    description: 'Integrations (ingestion) and receivers, routes, silences, inhibit rules and maintenance windows (dispatch). Generated from the zod schemas the services parse with: `herald config schema`.',
  };
}
