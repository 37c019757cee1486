import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEY_EVENT_TYPES } from '../../src/notifications/event-catalog.js';
import { schemaErrors } from '../support/event-schemas.js';

const docs = new URL('../../../../docs/', import.meta.url);
const guide = readFileSync(fileURLToPath(new URL('receiving-webhooks.md', docs)), 'utf8');
const examples = [...guide.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((match) => match[1] as string)
  .filter((code) => /"event":/.test(code));
const schemas = readdirSync(fileURLToPath(new URL('schemas/', docs)))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.slice(0, -'.json'.length));

describe("the integrator's guide", () => {
  it('shows an example of every event with a schema, and each one is valid against it', () => {
    const shown = examples.map((code) => JSON.parse(code).event);
    expect([...new Set(shown)].sort()).toEqual([...schemas].sort());
    for (const code of examples) {
      expect(schemaErrors(new TextEncoder().encode(code)), code).toEqual([]);
    }
  });

  it('documents every event an endpoint can subscribe to in its own section', () => {
    for (const type of KEY_EVENT_TYPES) {
      expect(guide, type).toMatch(
        new RegExp(`^#{2,4} (The )?\`${type.replace('.', '\\.')}\``, 'm'),
      );
      expect(schemas).toContain(type);
    }
  });
});
