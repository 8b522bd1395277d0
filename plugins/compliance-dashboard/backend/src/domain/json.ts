/** Small helpers to read untyped CloudTrail JSON safely. */

export type Json = unknown;

export function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value under `key`, matching the key case-insensitively: CloudTrail
 * records mix `requestParameters.ModifyXRequest.HttpTokens` and
 * `requestParameters.httpTokens` depending on the service's API vintage.
 */
export function field(value: Json, key: string): Json {
  if (!isObject(value)) {
    return undefined;
  }
  if (key in value) {
    return value[key];
  }
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(value)) {
    if (k.toLowerCase() === lower) {
      return v;
    }
  }
  return undefined;
}

/** `path('a.b.c')` with {@link field} at each step. */
export function path(value: Json, dotted: string): Json {
  let current = value;
  for (const key of dotted.split('.')) {
    current = field(current, key);
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

/** Arrays as arrays, EC2's `{ items: [...] }` wrappers unwrapped, one value as a list of one. */
export function items(value: Json): Json[] {
  if (value === undefined || value === null) {
    return [];
  }
  if (Array.isArray(value)) {
    return value;
  }
  const wrapped = field(value, 'items') ?? field(value, 'item');
  if (Array.isArray(wrapped)) {
    return wrapped;
  }
  return [value];
}

/** `true`, `'true'`, `'TRUE'` → true; `false`, `'false'` → false; else undefined. */
export function bool(value: Json): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  if (isObject(value) && 'value' in value) {
    // EC2 attribute shape: { value: true }
    return bool(value.value);
  }
  return undefined;
}

export function num(value: Json): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function str(value: Json): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Visits every key/value pair below `value` (depth-first, bounded), and
 * returns true as soon as `test` does.
 */
export function someDeep(
  value: Json,
  test: (key: string, value: Json, parent: Record<string, Json>) => boolean,
  depth = 0,
): boolean {
  if (depth > 12) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.some(v => someDeep(v, test, depth + 1));
  }
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (test(k, v, value) || someDeep(v, test, depth + 1)) {
        return true;
      }
    }
  }
  return false;
}

/** Every string leaf below `value`, at most `limit`. */
export function stringLeaves(value: Json, limit = 200): string[] {
  const out: string[] = [];
  const walk = (v: Json, depth: number) => {
    if (out.length >= limit || depth > 10) return;
    if (typeof v === 'string') {
      out.push(v);
    } else if (Array.isArray(v)) {
      v.forEach(x => walk(x, depth + 1));
    } else if (isObject(v)) {
      Object.values(v).forEach(x => walk(x, depth + 1));
    }
  };
  walk(value, 0);
  return out;
}

/** A policy document from an object, a JSON string or a URL-encoded JSON string. */
export function parsePolicy(value: Json): Record<string, Json> | undefined {
  if (isObject(value)) {
    return value;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  for (const text of [value, safeDecode(value)]) {
    if (text === undefined) continue;
    try {
      const parsed = JSON.parse(text);
      if (isObject(parsed)) {
        return parsed;
      }
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export function statements(policy: Record<string, Json> | undefined): Json[] {
  return policy ? items(field(policy, 'Statement')) : [];
}

export function asList(value: Json): Json[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
