/**
 * An event payload class described from its class-validator rules (and class-transformer's @Type for
 * nested objects), as the committed snapshots in libs/contracts/fixtures/schemas/ hold them, and the
 * check that a producer of today's description only publishes what a consumer holding an older
 * description accepts.
 */
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';

// class-transformer keeps its @Type metadata in a module its package does not type at that path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

export interface FieldSchema {
  /** Absent or null is refused (no @IsOptional or @ValidateIf). */
  required: boolean;
  /** Validator name (`isIn`, `maxLength`; `[]` appended when applied to each element) → its arguments. */
  rules: Record<string, unknown[]>;
  /** A nested object's fields (@ValidateNested with @Type), `each` for an array of them. */
  nested?: { each: boolean; fields: Record<string, FieldSchema> };
}

export interface EventSchema {
  subject: string;
  fields: Record<string, FieldSchema>;
}

const serializable = (value: unknown): unknown => (value instanceof RegExp ? `/${value.source}/${value.flags}` : value ?? null);

function describeClass(cls: new () => object, seen: Set<unknown>): Record<string, FieldSchema> {
  if (seen.has(cls)) throw new Error(`${cls.name} refers to itself: describe it by hand`);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const fields: Record<string, FieldSchema> = {};
  const field = (name: string): FieldSchema => (fields[name] ??= { required: true, rules: {} });
  for (const m of [...metadata].sort((a, b) => a.propertyName.localeCompare(b.propertyName))) {
    const f = field(m.propertyName);
    if (m.type === 'conditionalValidation') {
      f.required = false;
    } else if (m.type === 'nestedValidation') {
      const type = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName);
      if (!type) throw new Error(`${cls.name}.${m.propertyName}: @ValidateNested without @Type`);
      f.nested = { each: Boolean(m.each), fields: describeClass(type.typeFunction() as new () => object, new Set([...seen, cls])) };
    } else if (m.type === 'customValidation' && m.name) {
      f.rules[`${m.name}${m.each ? '[]' : ''}`] = (m.constraints ?? []).map(serializable);
    } else if (m.type !== 'whitelistValidation') {
      f.rules[`${m.type}${m.each ? '[]' : ''}`] = (m.constraints ?? []).map(serializable);
    }
  }
  // Keys in a stable order, so a snapshot changes only when a rule does.
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)).map(([name, f]) => [name, { ...f, rules: Object.fromEntries(Object.entries(f.rules).sort(([a], [b]) => a.localeCompare(b))) }]));
}

export function describeEvent(subject: string, cls: new () => object): EventSchema {
  return { subject, fields: describeClass(cls, new Set()) };
}

/** Rules whose one argument is a bound: a producer may only tighten it. */
const UPPER_BOUNDS = new Set(['max', 'maxLength', 'arrayMaxSize', 'maxDate']);
const LOWER_BOUNDS = new Set(['min', 'minLength', 'arrayMinSize', 'minDate']);

/**
 * What today's producer (`current`) may publish that a consumer validating with `released` refuses:
 * a required field removed or made optional, a rule dropped (its type changed, its format loosened),
 * an enum widened, a bound loosened, a nested object gone. Adding a field (the consumer ignores it),
 * adding a rule, narrowing an enum or tightening a bound are safe.
 */
export function breakingChanges(released: Record<string, FieldSchema>, current: Record<string, FieldSchema>, path = ''): string[] {
  const out: string[] = [];
  for (const [name, before] of Object.entries(released)) {
    const at = `${path}${name}`;
    const now = current[name];
    if (!now) {
      if (before.required) out.push(`${at}: a required field was removed`);
      continue;
    }
    if (before.required && !now.required) out.push(`${at}: a required field became optional`);
    for (const [rule, args] of Object.entries(before.rules)) {
      const nowArgs = now.rules[rule];
      const bare = rule.replace(/\[\]$/, '');
      if (!nowArgs) {
        out.push(`${at}: no longer checked by ${rule}(${JSON.stringify(args).slice(1, -1)}) (its type or format changed)`);
      } else if (bare === 'isIn') {
        const allowed = new Set(args[0] as unknown[]);
        const added = (nowArgs[0] as unknown[]).filter((value) => !allowed.has(value));
        if (added.length > 0) out.push(`${at}: its values were widened with ${added.map((v) => JSON.stringify(v)).join(', ')}`);
      } else if (UPPER_BOUNDS.has(bare) && typeof args[0] === 'number' && typeof nowArgs[0] === 'number') {
        if (nowArgs[0] > args[0]) out.push(`${at}: ${rule} loosened from ${args[0]} to ${nowArgs[0]}`);
      } else if (LOWER_BOUNDS.has(bare) && typeof args[0] === 'number' && typeof nowArgs[0] === 'number') {
        if (nowArgs[0] < args[0]) out.push(`${at}: ${rule} loosened from ${args[0]} to ${nowArgs[0]}`);
      } else if (JSON.stringify(args) !== JSON.stringify(nowArgs)) {
        out.push(`${at}: ${rule} changed from ${JSON.stringify(args)} to ${JSON.stringify(nowArgs)}`);
      }
    }
    if (before.nested) {
      if (!now.nested || now.nested.each !== before.nested.each) out.push(`${at}: no longer the nested ${before.nested.each ? 'list' : 'object'} it was`);
      else out.push(...breakingChanges(before.nested.fields, now.nested.fields, `${at}.`));
    }
  }
  return out;
}
