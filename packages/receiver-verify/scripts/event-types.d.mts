// Types for scripts/event-types.mjs, which the event-types test imports.
export interface SchemaFile {
  file: string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON Schema as parsed, walked by the test.
  schema: any;
}
export const SCHEMA_DIR: string;
export const OUTPUT: string;
export function typeNameOf(title: string): string;
export function renderEventTypes(schemas: readonly SchemaFile[]): string;
export function readSchemas(dir?: string): SchemaFile[];
