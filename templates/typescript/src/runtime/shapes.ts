/**
 * What a value looks like on the wire, so that the SDK can speak camelCase to its users and the
 * API's own names to the server. Generated models declare a shape beside each type; `decode`
 * turns a parsed JSON body into the SDK's names and `encode` does the reverse. Keys a shape
 * does not know are kept as they are (a newer server may send more), and a value that matches
 * no shape is passed through unchanged, never rejected.
 */

export type Primitive = string | number | boolean;

/** One property of an object: [SDK name, wire name, shape, required]. */
export type Field = readonly [string, string, Shape, boolean];

export type Shape =
  | { readonly kind: "any" }
  | { readonly kind: "null" }
  | {
      readonly kind: "primitive";
      readonly type: "string" | "number" | "boolean";
    }
  | { readonly kind: "literal"; readonly values: readonly Primitive[] }
  | { readonly kind: "array"; readonly items: Shape }
  | { readonly kind: "map"; readonly values: Shape }
  | { readonly kind: "object"; readonly fields: readonly Field[] }
  | { readonly kind: "union"; readonly variants: readonly Shape[] }
  | { readonly kind: "ref"; readonly get: () => Shape };

export const any: Shape = { kind: "any" };
export const nul: Shape = { kind: "null" };
export const string: Shape = { kind: "primitive", type: "string" };
export const number: Shape = { kind: "primitive", type: "number" };
export const boolean: Shape = { kind: "primitive", type: "boolean" };

export function literal(...values: Primitive[]): Shape {
  return { kind: "literal", values };
}

export function array(items: Shape): Shape {
  return { kind: "array", items };
}

export function map(values: Shape): Shape {
  return { kind: "map", values };
}

export function object(fields: readonly Field[]): Shape {
  return { kind: "object", fields };
}

export function union(...variants: Shape[]): Shape {
  return { kind: "union", variants };
}

export function nullable(inner: Shape): Shape {
  return union(inner, nul);
}

/** A shape declared elsewhere, read when first needed (so models may refer to each other). */
export function ref(get: () => Shape): Shape {
  return { kind: "ref", get };
}

type Direction = "decode" | "encode";

/** A JSON value from the server, with the SDK's property names. */
export function decode(shape: Shape, value: unknown): unknown {
  return convert(shape, value, "decode", 0);
}

/** A value in the SDK's names, with the API's property names, ready to send as JSON. */
export function encode(shape: Shape, value: unknown): unknown {
  return convert(shape, value, "encode", 0);
}

const MAX_DEPTH = 256;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function resolve(shape: Shape): Shape {
  let current = shape;
  for (let i = 0; current.kind === "ref" && i < MAX_DEPTH; i++) {
    current = current.get();
  }
  return current;
}

function convert(
  shape: Shape,
  value: unknown,
  direction: Direction,
  depth: number,
): unknown {
  if (depth > MAX_DEPTH) {
    return value;
  }
  const resolved = resolve(shape);
  switch (resolved.kind) {
    case "array":
      return Array.isArray(value)
        ? value.map((v) => convert(resolved.items, v, direction, depth + 1))
        : value;
    case "map":
      if (!isRecord(value)) {
        return value;
      }
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          convert(resolved.values, v, direction, depth + 1),
        ]),
      );
    case "object":
      return isRecord(value)
        ? convertObject(resolved.fields, value, direction, depth)
        : value;
    case "union": {
      const variant = pick(resolved.variants, value, direction);
      return variant === undefined
        ? value
        : convert(variant, value, direction, depth + 1);
    }
    default:
      return value;
  }
}

function convertObject(
  fields: readonly Field[],
  value: Record<string, unknown>,
  direction: Direction,
  depth: number,
): Record<string, unknown> {
  const from = direction === "decode" ? 1 : 0;
  const to = direction === "decode" ? 0 : 1;
  const known = new Map(fields.map((f) => [f[from], f]));
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = known.get(key);
    if (field === undefined) {
      if (!(key in result)) {
        result[key] = v;
      }
    } else {
      result[field[to]] = convert(field[2], v, direction, depth + 1);
    }
  }
  return result;
}

/** Whether `value` could be of `shape`, and how well: -1 for no, more for a closer match. */
function score(shape: Shape, value: unknown, direction: Direction): number {
  const resolved = resolve(shape);
  switch (resolved.kind) {
    case "any":
      return 0;
    case "null":
      return value === null ? 1 : -1;
    case "primitive":
      return typeof value === resolved.type ? 1 : -1;
    case "literal":
      return resolved.values.includes(value as Primitive) ? 2 : -1;
    case "array":
      return Array.isArray(value) ? 1 : -1;
    case "map":
      return isRecord(value) ? 1 : -1;
    case "union":
      return Math.max(
        ...resolved.variants.map((v) => score(v, value, direction)),
      );
    case "object":
      return isRecord(value)
        ? objectScore(resolved.fields, value, direction)
        : -1;
    default:
      return -1;
  }
}

function objectScore(
  fields: readonly Field[],
  value: Record<string, unknown>,
  direction: Direction,
): number {
  const name = direction === "decode" ? 1 : 0;
  let total = 1;
  for (const field of fields) {
    const present = field[name] in value;
    if (!present) {
      if (field[3]) {
        total -= 2;
      }
      continue;
    }
    const fit = resolve(field[2]);
    if (fit.kind === "literal") {
      if (!fit.values.includes(value[field[name]] as Primitive)) {
        return -1;
      }
      total += 4;
    } else {
      total += 1;
    }
  }
  return total;
}

function pick(
  variants: readonly Shape[],
  value: unknown,
  direction: Direction,
): Shape | undefined {
  let best: Shape | undefined;
  let bestScore = -1;
  for (const variant of variants) {
    const s = score(variant, value, direction);
    if (s > bestScore) {
      best = variant;
      bestScore = s;
    }
  }
  return best;
}
