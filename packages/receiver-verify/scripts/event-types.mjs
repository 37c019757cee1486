// Writes src/events.ts, the TypeScript types of the payloads the relay sends, from their JSON
// Schemas in docs/schemas/. `pnpm generate:events` after changing a schema; a test fails
// while the committed file and the schemas disagree.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCHEMA_DIR = fileURLToPath(new URL('../../../docs/schemas/', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../src/events.ts', import.meta.url));

// Keywords that constrain values without changing their TypeScript type.
const UNTYPED = new Set([
  '$schema',
  'title',
  'description',
  'examples',
  'format',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
]);
const TYPED = new Set(['type', 'const', 'enum', 'properties', 'required', 'items']);
const PRIMITIVES = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean' };

/** `task.completed` → `TaskCompletedEvent`. */
export function typeNameOf(title) {
  const words = title.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')}Event`;
}

function literal(value) {
  return typeof value === 'string' ? `'${value.replace(/['\\]/g, '\\$&')}'` : JSON.stringify(value);
}

function docComment(text, indent) {
  const width = 100 - indent.length - 3;
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  if (lines.length === 1 && indent.length + lines[0].length + 7 <= 100) {
    return `${indent}/** ${lines[0]} */\n`;
  }
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}\n`).join('')}${indent} */\n`;
}

/** The TypeScript type of one schema node; throws on keywords it cannot express. */
function typeOf(schema, path, indent) {
  for (const keyword of Object.keys(schema)) {
    if (!UNTYPED.has(keyword) && !TYPED.has(keyword)) {
      throw new Error(`${path}: the keyword ${keyword} has no translation; extend event-types.mjs`);
    }
  }
  if ('const' in schema) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  const types = [schema.type].flat();
  if (types.length === 0 || types[0] === undefined) throw new Error(`${path}: no type`);
  return types
    .map((type) => {
      if (type === 'null') return 'null';
      if (type === 'object') return objectOf(schema, path, indent);
      if (type === 'array') {
        const item = typeOf(schema.items ?? {}, `${path}[]`, indent);
        return /[ |]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
      }
      if (type in PRIMITIVES) return PRIMITIVES[type];
      throw new Error(`${path}: unknown type ${type}`);
    })
    .join(' | ');
}

function objectOf(schema, path, indent) {
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const members = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name);
    const doc = property.description ? docComment(property.description, inner) : '';
    const optional = required.has(name) ? '' : '?';
    return `${doc}${inner}${key}${optional}: ${typeOf(property, `${path}.${name}`, inner)};\n`;
  });
  return `{\n${members.join('')}${indent}}`;
}

/** The source of src/events.ts for these schemas, in file-name order. */
export function renderEventTypes(schemas) {
  const names = [];
  const declarations = schemas.map(({ file, schema }) => {
    if (!schema.title) throw new Error(`${file}: a title names the event`);
    const name = typeNameOf(schema.title);
    names.push(name);
    const doc = docComment(`${schema.description ?? ''} Schema: docs/schemas/${file}.`, '');
    return `${doc}export interface ${name} ${objectOf(schema, file, '')}\n`;
  });
  return [
    '// Generated from docs/schemas/*.json by scripts/event-types.mjs: edit the schemas, then run',
    '// `pnpm generate:events`. A test fails while this file and the schemas disagree.',
    '',
    `${declarations.join('\n')}`,
    '/** Every event payload the relay sends; switch on its `event` field. */',
    unionOf('RelayEvent', names),
    '',
  ].join('\n');
}

/** `export type Name = A | B;`, one member a line when that is longer than a line (as biome prints it). */
function unionOf(name, members) {
  const line = `export type ${name} = ${members.join(' | ')};`;
  return line.length <= 100
    ? line
    : `export type ${name} =\n${members.map((m) => `  | ${m}`).join('\n')};`;
}

/** The schemas in docs/schemas/, in file-name order. */
export function readSchemas(dir = SCHEMA_DIR) {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, schema: JSON.parse(readFileSync(new URL(file, `file://${dir}`))) }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OUTPUT, renderEventTypes(readSchemas()));
  console.log(`wrote ${OUTPUT}`);
}
