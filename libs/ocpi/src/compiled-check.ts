import { getMetadataStorage } from 'class-validator';

/** class-validator's ValidationMetadata (not exported by name from the package root). */
type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/**
 * A fast acceptance check compiled once per DTO class from its class-validator metadata.
 *
 * class-validator (with class-transformer before it) costs about 150 us for a CDR, most of it
 * metadata look-ups repeated per nested object; the checks themselves are a few comparisons. The
 * compiled check answers only "certainly valid": each rule it knows is applied at least as
 * strictly as class-validator applies it, and a class with any rule it does not know compiles to
 * "not certain". So `true` means class-validator would accept the object too, and `false` means
 * "ask class-validator", which then finds the error (and its JSON path) or accepts after all.
 */
export type CompiledCheck = (value: unknown) => boolean;

type Constructor = new () => object;
/** A rule on one member; `parent` is the object holding it (for rules across fields). */
type Rule = (value: unknown, parent: Record<string, unknown>) => boolean;

/**
 * A pure predicate that is the whole of a custom class-validator constraint (ocpi-rules.ts):
 * the compiled check calls the very same function, so it is exactly as strict.
 */
export type PureRule = (value: unknown, parent: Readonly<Record<string, unknown>>) => boolean;
const pure_rules = new Map<string, PureRule>();

/** Records the predicate of the custom constraint `name`; a name is registered once. */
export function registerPureRule(name: string, rule: PureRule): void {
  const known = pure_rules.get(name);
  if (known !== undefined && known !== rule) {
    throw new Error(`compiled check: two rules named ${name}`);
  }
  pure_rules.set(name, rule);
}

/** Nested DTO types, recorded by the OcpiObject / OcpiObjectList decorators. */
const nested_types = new WeakMap<object, Map<string, () => Constructor>>();
const compiled = new WeakMap<object, CompiledCheck>();

/** Records that `property` of `target` holds instances (or a list) of `type`. */
export function registerNestedType(
  target: object,
  property: string,
  type: () => Constructor,
): void {
  const types = nested_types.get(target) ?? new Map<string, () => Constructor>();
  types.set(property, type);
  nested_types.set(target, types);
}

const NEVER: CompiledCheck = () => false;

/** The compiled check of a DTO class (compiled on first use, then reused). */
export function compiledCheckOf(dto: Constructor): CompiledCheck {
  const known = compiled.get(dto);
  if (known) return known;
  // A placeholder first, so that a class nesting itself compiles without looping.
  const slot: { check: CompiledCheck } = { check: NEVER };
  compiled.set(dto, (value) => slot.check(value));
  slot.check = compileClass(dto) ?? NEVER;
  compiled.set(dto, slot.check);
  return slot.check;
}

/** The same metadata class-validator's `validateSync` uses with default options. */
function compileClass(dto: Constructor): CompiledCheck | null {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  const by_property = new Map<string, ValidationMetadata[]>();
  for (const entry of metadata) {
    const list = by_property.get(entry.propertyName) ?? [];
    list.push(entry);
    by_property.set(entry.propertyName, list);
  }
  const properties: Array<{ name: string; optional: boolean; rules: Rule[] }> = [];
  for (const [name, entries] of by_property) {
    const property = compileProperty(dto, name, entries);
    if (property === null) return null;
    properties.push({ name, ...property });
  }
  return (value) => {
    if (!isPlainRecord(value)) return false;
    for (const { name, optional, rules } of properties) {
      const member = value[name];
      if (optional && (member === undefined || member === null)) continue;
      for (const rule of rules) if (!rule(member, value)) return false;
    }
    return true;
  };
}

function compileProperty(
  dto: Constructor,
  name: string,
  entries: readonly ValidationMetadata[],
): { optional: boolean; rules: Rule[] } | null {
  let optional = false;
  const rules: Rule[] = [];
  for (const entry of entries) {
    if ((entry.groups ?? []).length > 0) return null;
    if (entry.type === 'conditionalValidation') {
      // IsOptional skips every rule for null / undefined; any other condition is unknown here.
      if (entry.name !== 'isOptional') return null;
      optional = true;
    } else if (entry.type === 'isDefined') {
      rules.push((value) => value !== undefined && value !== null);
    } else if (entry.type === 'nestedValidation') {
      const type = nested_types.get(dto)?.get(name);
      if (type === undefined) return null;
      rules.push(nestedRule(type, entry.each));
    } else if (entry.type === 'customValidation') {
      const rule = customRule(entry);
      if (rule === null) return null;
      rules.push(
        entry.each ? (value, parent) => everyItem(value, (item) => rule(item, parent)) : rule,
      );
    } else {
      return null;
    }
  }
  return { optional, rules };
}

/** Nested objects must be plain objects (a list: every item) that pass their class's check. */
function nestedRule(type: () => Constructor, each: boolean): Rule {
  return (value) => {
    const check = compiledCheckOf(type());
    return each ? everyItem(value, (item) => check(item)) : check(value);
  };
}

/** The built-in rules the OCPI DTOs use, each as strict as class-validator's or stricter. */
function customRule(entry: ValidationMetadata): Rule | null {
  const [first, second] = (entry.constraints ?? []) as unknown[];
  switch (entry.name) {
    case 'isString':
      return (value) => typeof value === 'string';
    case 'maxLength':
      // validator.js counts a surrogate pair as one character: `length` is never less.
      if (typeof first !== 'number') return null;
      return (value) => typeof value === 'string' && value.length <= first;
    case 'matches':
      return matchesRule(first, second);
    case 'isNumber': {
      const options = (first ?? {}) as { maxDecimalPlaces?: unknown };
      if (options.maxDecimalPlaces !== undefined) return null;
      return (value) => typeof value === 'number' && Number.isFinite(value);
    }
    case 'isInt':
      return (value) => typeof value === 'number' && Number.isInteger(value);
    case 'isBoolean':
      return (value) => typeof value === 'boolean';
    case 'isIn': {
      if (!Array.isArray(first) || !first.every((item) => typeof item === 'string')) return null;
      const allowed = new Set<unknown>(first);
      return (value) => typeof value === 'string' && allowed.has(value);
    }
    case 'isArray':
      return (value) => Array.isArray(value);
    case 'arrayMinSize':
      if (typeof first !== 'number') return null;
      return (value) => Array.isArray(value) && value.length >= first;
    case 'min':
      if (typeof first !== 'number') return null;
      return (value) => typeof value === 'number' && value >= first;
    case 'max':
      if (typeof first !== 'number') return null;
      return (value) => typeof value === 'number' && value <= first;
    default:
      return pure_rules.get(entry.name ?? '') ?? null;
  }
}

function matchesRule(pattern: unknown, modifiers: unknown): Rule | null {
  if (!(pattern instanceof RegExp) || modifiers !== undefined) return null;
  // A global or sticky expression keeps state between tests: leave those to class-validator.
  if (pattern.global || pattern.sticky) return null;
  return (value) => typeof value === 'string' && pattern.test(value);
}

/** Every index, holes included (`Array.prototype.every` skips holes; JSON has none anyway). */
function everyItem(value: unknown, rule: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) {
    if (!rule(value[index])) return false;
  }
  return true;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
