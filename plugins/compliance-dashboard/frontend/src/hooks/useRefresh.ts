import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  RefreshState,
  RefreshStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { complianceApiRef } from '../api/ComplianceClient';

export const TERMINAL: RefreshState[] = ['succeeded', 'partial', 'failed'];

/** How often a running refresh is polled. */
export const REFRESH_POLL_MS = 1500;

type Tracked = { path: string; state: RefreshState; status?: RefreshStatus };

/**
 * Starts a refresh and follows the one under way (started here, elsewhere or by the schedule)
 * until it ends, then calls `onFinished`.
 */
export function useRefresh({
  active,
  onFinished,
  pollMs,
}: {
  /** A refresh already under way when the page loaded. */
  active?: RefreshStatus;
  onFinished: (status: RefreshStatus) => void;
  pollMs: number;
}) {
  const api = useApi(complianceApiRef);
  const [tracked, setTracked] = useState<Tracked>();
  const [result, setResult] = useState<RefreshStatus>();
  const [startError, setStartError] = useState<Error>();
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;
  // Refreshes seen to end: a health answer that still lists one as active
  // (read just before it ended) must not start following it again.
  const finished = useRef(new Set<string>());

  // Follow a refresh someone (or the schedule) started before we looked.
  useEffect(() => {
    if (
      active &&
      !TERMINAL.includes(active.state) &&
      !finished.current.has(active.id)
    ) {
      setTracked(
        current =>
          current ?? {
            path: `/refresh/${encodeURIComponent(active.id)}`,
            state: active.state,
            status: active,
          },
      );
    }
  }, [active]);

  const path = tracked?.path;
  useEffect(() => {
    if (!path) return undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const status = await api.getRefresh(path);
        if (cancelled) return;
        if (TERMINAL.includes(status.state)) {
          finished.current.add(status.id);
          setTracked(undefined);
          setResult(status);
          onFinishedRef.current(status);
          return;
        }
        setTracked({ path, state: status.state, status });
      } catch (e) {
        if (cancelled) return;
        // A hiccup while polling is not the refresh failing: keep polling.
      }
      timer = setTimeout(poll, pollMs);
    };
    poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, path, pollMs]);

  const start = useCallback(async () => {
    setStartError(undefined);
    setResult(undefined);
    try {
      const accepted = await api.startRefresh();
      setTracked({
        path:
          accepted.statusPath || `/refresh/${encodeURIComponent(accepted.id)}`,
        state: accepted.state,
      });
    } catch (e) {
      setStartError(e as Error);
    }
  }, [api]);

  const dismissResult = useCallback(() => setResult(undefined), []);
  return { tracked, result, dismissResult, startError, start };
}
