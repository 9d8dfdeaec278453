import type { SeededRandom } from './seededRandom.js';

/** The subset of JSON Schema that zod's toJSONSchema writes for the contract's inputs. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
}

/**
 * Values a careless or hostile client sends in place of a well-formed one: wrong types, extremes,
 * strings that trip parsers and path handling, prototype keys, deep nesting.
 */
const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  -0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  '',
  ' ',
  '\u0000',
  '../../../../etc/passwd',
  '%ff%00',
  'ü\u202e\ud800',
  'x'.repeat(70_000),
  '1e9999',
  'null',
  [],
  [null, -1, 'x'],
  {},
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  deepNest(200),
];

function deepNest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: [value] };
  return value;
}

/** Strings a property that names a file or folder gets: paths that exist, do not, or trip the file system. */
export function hostilePaths(sandbox: string): string[] {
  return [
    `${sandbox}/missing/folder`,
    `${sandbox}/a-file.txt`,
    `${sandbox}/unreadable`,
    `${sandbox}/new-project`,
    `${sandbox}/${'n'.repeat(300)}`,
    `${sandbox}/nul\u0000byte`,
    'relative/path',
    '',
    '/dev/null',
    '/nonexistent/faultline/path',
  ];
}

const PATH_KEY = /path|folder|dir|file|out|src|dest/i;

export interface SampleContext {
  random: SeededRandom;
  /** Paths to use wherever a property seems to name a file or folder, so nothing outside the sandbox is touched. */
  paths: readonly string[];
  /** Ids seen in earlier answers, by property name, so calls also reach rows that exist. */
  known: ReadonlyMap<string, readonly unknown[]>;
}

/** A value that conforms to the schema most of the time, biased to small ids so calls reach real rows. */
export function sampleSchema(schema: JsonSchema, context: SampleContext, key = '', depth = 0): unknown {
  const { random } = context;
  const seen = context.known.get(key);
  if (seen && seen.length > 0 && random.chance(0.5)) return random.pick(seen);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return sampleSchema(random.pick(union), context, key, depth + 1);
  if (schema.allOf && schema.allOf.length > 0) return sampleSchema(schema.allOf[0]!, context, key, depth + 1);
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return random.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0);
      const hi = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000), lo + (random.chance(0.8) ? 8 : 100_000));
      const value = lo + random.next() * (hi - lo);
      return type === 'integer' ? Math.round(value) : value;
    }
    case 'string': {
      if (PATH_KEY.test(key) && context.paths.length > 0) return random.pick(context.paths);
      const length = random.int(schema.minLength ?? 0, Math.min(schema.maxLength ?? 24, (schema.minLength ?? 0) + 24));
      if (schema.format === 'uuid') return crypto.randomUUID();
      return Array.from({ length }, () => String.fromCharCode(random.int(32, 126))).join('');
    }
    case 'array': {
      if (depth > 6) return [];
      const count = random.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4));
      if (schema.prefixItems) return schema.prefixItems.map((item) => sampleSchema(item, context, key, depth + 1));
      return Array.from({ length: count }, () => sampleSchema(schema.items ?? {}, context, key, depth + 1));
    }
    case 'object': {
      if (depth > 6) return {};
      const out: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (required.has(name) || random.chance(0.6)) out[name] = sampleSchema(property, context, name, depth + 1);
      }
      return out;
    }
    default:
      return random.pick(HOSTILE_VALUES);
  }
}

/** One change that makes a well-formed value malformed: a key dropped or added, a leaf replaced by a hostile value. */
export function mutate(value: unknown, random: SeededRandom): unknown {
  if (value === null || typeof value !== 'object' || random.chance(0.15)) return random.pick(HOSTILE_VALUES);
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.3)) return [...value, random.pick(HOSTILE_VALUES)];
    const copy = [...value];
    const at = random.int(0, copy.length - 1);
    copy[at] = mutate(copy[at], random);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const roll = random.next();
  if (keys.length === 0 || roll < 0.2) copy[random.pick(['extra', 'id', '__proto__', 'constructor', ''])] = random.pick(HOSTILE_VALUES);
  else if (roll < 0.4) delete copy[random.pick(keys)];
  else {
    const key = random.pick(keys);
    copy[key] = mutate(copy[key], random);
  }
  return copy;
}

/** Records every id-like value of an answer (`id`, `…Id`) under its property name, keeping the newest few. */
export function harvestIds(value: unknown, known: Map<string, unknown[]>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 20)) harvestIds(item, known, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if ((key === 'id' || key.endsWith('Id')) && (typeof item === 'number' || typeof item === 'string')) {
      const name = key === 'id' ? 'id' : key;
      const list = known.get(name) ?? [];
      if (!list.includes(item)) list.push(item);
      if (list.length > 30) list.shift();
      known.set(name, list);
    } else harvestIds(item, known, depth + 1);
  }
}
