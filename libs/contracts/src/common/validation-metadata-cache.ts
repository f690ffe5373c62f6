/**
 * class-validator looks up a class's rules on every validation by scanning every decorated class it
 * knows (to find the ones the class inherits from), so each check costs time in proportion to the
 * size of the whole contract library — hundreds of classes here — however small the object
 * (typestack/class-validator#2686, open). The answer never changes once the classes are loaded, so
 * it is remembered per class and options, and forgotten if a rule is ever registered later.
 *
 * Installed once per process, on the process-wide storage every copy of class-validator shares.
 */
import { getMetadataStorage } from 'class-validator';
import type { MetadataStorage } from 'class-validator';

type ValidationMetadata = Parameters<MetadataStorage['addValidationMetadata']>[0];

const INSTALLED = Symbol.for('weop.validationMetadataCache');

export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as MetadataStorage & { [INSTALLED]?: true };
  if (storage[INSTALLED]) return;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let cache = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) {
      byOptions = new Map();
      cache.set(target, byOptions);
    }
    let found = byOptions.get(key);
    if (!found) {
      found = lookup(target, schema, always, strictGroups, groups);
      byOptions.set(key, found);
    }
    return found;
  };
  storage.addValidationMetadata = (metadata) => {
    cache = new WeakMap();
    add(metadata);
  };
  storage[INSTALLED] = true;
}

cacheValidationMetadata();
