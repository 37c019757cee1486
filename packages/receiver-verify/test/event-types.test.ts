import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT, readSchemas, renderEventTypes, typeNameOf } from '../scripts/event-types.mjs';

describe('event payload types', () => {
  it('are exactly what the JSON Schemas in docs/schemas generate (run pnpm generate:events)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(renderEventTypes(readSchemas()));
  });

  it('name one interface per schema after its title', () => {
    const names = readSchemas().map(({ schema }) => typeNameOf(schema.title));
    expect(names).toContain('TaskCompletedEvent');
    const source = readFileSync(OUTPUT, 'utf8');
    for (const name of names) expect(source).toContain(`export interface ${name} {`);
  });

  it('follow a schema change: a field made optional or retyped changes the type', () => {
    const { file, schema } = readSchemas().find((s) => s.file === 'task.completed.json')!;
    const changed = structuredClone(schema);
    changed.required = changed.required.filter((name: string) => name !== 'timestamp');
    changed.properties.data.properties.user_id.type = 'string';
    const source = renderEventTypes([{ file, schema: changed }]);
    expect(source).toContain('  timestamp?: string;');
    expect(source).toContain('    user_id: string;');
  });

  it('refuse a schema keyword they cannot express, rather than typing it loosely', () => {
    const schema = { title: 'x.happened', type: 'object', properties: { a: { oneOf: [] } } };
    expect(() => renderEventTypes([{ file: 'x.json', schema }])).toThrow(
      'x.json.a: the keyword oneOf has no translation',
    );
  });
});
