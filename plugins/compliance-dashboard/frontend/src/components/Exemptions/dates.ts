/** `YYYY-MM-DD` (UTC) of today plus `days`: what a date field holds. */
export function dateInDays(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The day part of an ISO 8601 time. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}
