import { IsInt, IsString, MinLength, getMetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

cacheValidationMetadata();

const problems = (object: object, groups?: string[]) =>
  validateSync(object, groups ? { groups } : {})
    .map((e) => `${e.property}: ${Object.keys(e.constraints ?? {}).join(',')}`)
    .sort();

class Base {
  @IsString() name: unknown = 1;
}

class Child extends Base {
  @IsInt() age: unknown = 'x';
  @MinLength(5, { groups: ['strict'] }) nickname = 'ab';
}

describe('validation rules looked up once per class', () => {
  it('keeps inherited rules and groups right, however often a class is validated', () => {
    for (let i = 0; i < 3; i++) {
      // Without groups every rule applies; with a group only that group's rules (class-validator's own semantics).
      expect(problems(new Child())).toEqual(['age: isInt', 'name: isString', 'nickname: minLength']);
      expect(problems(new Child(), ['strict'])).toEqual(['nickname: minLength']);
    }
  });

  it('answers a repeated lookup from memory', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, '', false, false);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
    expect(storage.getTargetValidationMetadatas(Child, '', false, false, ['strict'])).not.toBe(first);
  });

  it('sees rules of a class defined after others were validated', () => {
    expect(problems(new Child())).toHaveLength(3);
    class Later extends Base {
      @IsInt() size: unknown = 'big';
    }
    expect(problems(new Later())).toEqual(['name: isString', 'size: isInt']);
    // And what was remembered before still holds.
    expect(problems(new Child())).toEqual(['age: isInt', 'name: isString', 'nickname: minLength']);
  });

  it('installs once, however many times it is called', () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
