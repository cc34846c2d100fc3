import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Just enough of a CSDL (OData EDMX) reader to check JSON bodies against Graph's published
 * types: EntityType/ComplexType properties with their types (following BaseType) and EnumType
 * members. The file is machine-written XML with one element per line, so attribute matching is
 * enough; no general XML parsing is needed.
 */
export interface CsdlType {
  kind: 'EntityType' | 'ComplexType';
  base: string | null;
  properties: Map<string, { type: string; nullable: boolean }>;
}

export interface Csdl {
  types: Map<string, CsdlType>;
  enums: Map<string, string[]>;
}

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? null;

export function readCsdl(gzPath: string): Csdl {
  const xml = gunzipSync(readFileSync(gzPath)).toString('utf8');
  // Only the main "microsoft.graph" schema: others (callRecords, security, …) reuse names.
  const start = xml.indexOf('<Schema Namespace="microsoft.graph"');
  const end = xml.indexOf('</Schema>', start);
  const schema = xml.slice(start, end);
  const types = new Map<string, CsdlType>();
  const enums = new Map<string, string[]>();
  for (const m of schema.matchAll(/<(EntityType|ComplexType)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g)) {
    const name = attr(m[2]!, 'Name')!;
    const properties = new Map<string, { type: string; nullable: boolean }>();
    for (const p of (m[4] ?? '').matchAll(/<(?:Property|NavigationProperty)\b([^>]*)\/?>/g)) {
      properties.set(attr(p[1]!, 'Name')!, { type: attr(p[1]!, 'Type')!, nullable: attr(p[1]!, 'Nullable') !== 'false' });
    }
    types.set(name, { kind: m[1] as CsdlType['kind'], base: attr(m[2]!, 'BaseType')?.replace(/^graph\./, '') ?? null, properties });
  }
  for (const m of schema.matchAll(/<EnumType\b([^>]*)>([\s\S]*?)<\/EnumType>/g)) {
    enums.set(attr(m[1]!, 'Name')!, [...m[2]!.matchAll(/<Member Name="([^"]+)"/g)].map((x) => x[1]!));
  }
  return { types, enums };
}

/** Properties of a type including its base types'. */
function propertiesOf(csdl: Csdl, name: string): Map<string, { type: string; nullable: boolean }> {
  const t = csdl.types.get(name);
  if (!t) throw new Error(`CSDL has no type ${name}`);
  return new Map([...(t.base ? propertiesOf(csdl, t.base) : []), ...t.properties]);
}

/**
 * Every problem of `value` against CSDL type `typeName` (empty: conforms): unknown property
 * names, wrong primitive kinds, enum values that are not members, nested types recursively.
 * `@odata.*` annotations are allowed.
 */
export function conformance(csdl: Csdl, typeName: string, value: unknown, path = typeName): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
  const props = propertiesOf(csdl, typeName);
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('@odata.')) continue;
    const prop = props.get(key);
    if (!prop) {
      problems.push(`${path}.${key}: not a property of ${typeName}`);
      continue;
    }
    problems.push(...checkValue(csdl, prop.type, v, prop.nullable, `${path}.${key}`));
  }
  return problems;
}

function checkValue(csdl: Csdl, type: string, v: unknown, nullable: boolean, path: string): string[] {
  if (v === null) return nullable ? [] : [`${path}: null but not nullable`];
  const collection = /^Collection\((.+)\)$/.exec(type);
  if (collection) return Array.isArray(v) ? v.flatMap((x, i) => checkValue(csdl, collection[1]!, x, true, `${path}[${i}]`)) : [`${path}: expected an array`];
  const primitive: Record<string, string> = { 'Edm.String': 'string', 'Edm.Boolean': 'boolean', 'Edm.Int32': 'number', 'Edm.Int64': 'number', 'Edm.Double': 'number', 'Edm.DateTimeOffset': 'string', 'Edm.TimeOfDay': 'string', 'Edm.Date': 'string', 'Edm.Guid': 'string', 'Edm.Duration': 'string' };
  if (primitive[type]) return typeof v === primitive[type] ? [] : [`${path}: expected ${type}, got ${typeof v}`];
  const name = type.replace(/^graph\./, '');
  const members = csdl.enums.get(name);
  if (members) {
    const multi = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [];
    return multi.length > 0 && multi.every((x) => members.includes(x)) ? [] : [`${path}: ${JSON.stringify(v)} is not a member of ${name}`];
  }
  return conformance(csdl, name, v, path);
}
