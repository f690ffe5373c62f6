/**
 * class-validator's `@IsOptional()` lets `null` through as well as a missing field, and skips every
 * other rule for it. In a request a member sends, a field she may leave out is not a field she may set
 * to null: `{"bio": null}` would skip the string rules and reach a service that trims it or writes it
 * into a NOT NULL column (a 500). At the HTTP edge an optional field that is present must therefore
 * be a real value; a field that may be cleared with null says so with `@Nullable()`.
 *
 * Internal payloads (events, service-to-service requests) keep class-validator's meaning: producers
 * there write null on purpose (an event's `endsAt: null`).
 */
import { getMetadataStorage } from 'class-validator';

const NULLABLE = Symbol.for('weop.nullable');

/** This optional request field may be sent as null (to clear it). */
export function Nullable(): PropertyDecorator {
  return (target, property) => {
    const ctor = target.constructor as { [NULLABLE]?: Set<string | symbol> };
    const own = Object.prototype.hasOwnProperty.call(ctor, NULLABLE) ? ctor[NULLABLE]! : new Set(ctor[NULLABLE] ?? []);
    own.add(property);
    ctor[NULLABLE] = own;
  };
}

const optionalProperties = new WeakMap<object, Set<string>>();

function optionalOf(ctor: object): Set<string> {
  let found = optionalProperties.get(ctor);
  if (!found) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(ctor as new () => object, '', true, false);
    found = new Set(rules.filter((r) => r.type === 'conditionalValidation' && r.name === 'isOptional').map((r) => r.propertyName));
    optionalProperties.set(ctor, found);
  }
  return found;
}

/**
 * The first field of a validated request object (nested objects and arrays included) that is null
 * although only optional, as a path (`links.0.url`); undefined when there is none.
 */
export function nullOptionalField(value: unknown, path = '', depth = 0): string | undefined {
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nullOptionalField(value[i], `${path}${i}.`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as { constructor?: unknown } | null;
  const ctor = proto?.constructor as ({ [NULLABLE]?: Set<string | symbol> } & object) | undefined;
  // Only instances of request classes carry rules; a plain object (free-form JSON) has none to skip.
  if (!ctor || ctor === Object) return undefined;
  const optional = optionalOf(ctor);
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === null) {
      if (optional.has(key) && !ctor[NULLABLE]?.has(key)) return `${path}${key}`;
      continue;
    }
    const found = nullOptionalField(item, `${path}${key}.`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
