import { parseEntityRef } from '@backstage/catalog-model';

/**
 * `2025-06-01 14:05 UTC`: the same text for every reader and every test,
 * whatever the browser's locale and time zone.
 */
export function formatUtc(iso: string | undefined): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `3 h ago`, `2 d ago`: coarse on purpose, the UTC time is next to it. */
export function formatAge(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** `group:default/payments-team` → `payments-team`; other namespaces are kept. */
export function shortRef(ref: string | undefined): string {
  if (!ref) return '—';
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/**
 * Normalises what a user types into a filter (`payments-team`) to the entity
 * ref the API filters on (`group:default/payments-team`).
 */
export function toEntityRef(value: string, defaultKind: string): string {
  const trimmed = value.trim();
  try {
    const { kind, namespace, name } = parseEntityRef(trimmed, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`;
  } catch {
    return trimmed;
  }
}

/** Only http(s) URLs become links; anything else is shown as text. */
export function safeExternalUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? parsed.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/** The risky-events heading with the window the backend counted over. */
export function riskyEventsLabel(days: number | undefined): string {
  return days ? `Risky events (${days} d)` : 'Risky events';
}
