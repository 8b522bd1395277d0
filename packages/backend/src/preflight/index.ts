import { ConfigSources } from '@backstage/config-loader';
import { PreflightError, runPreflight } from './checks';

export { runPreflight, PreflightError, tcpReachability } from './checks';
export type { PreflightProblem, Reachability } from './checks';

/**
 * Reads the configuration the way the backend will (same --config arguments and environment)
 * and checks it before any plugin starts: plugins connect to the database as they are created
 * and would otherwise retry an unreachable one forever. Exits the process on a problem.
 */
export async function preflightOrExit(): Promise<void> {
  const config = await ConfigSources.toConfig(ConfigSources.default({}));
  try {
    await runPreflight(config);
  } catch (error) {
    if (error instanceof PreflightError) {
      // eslint-disable-next-line no-console
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  } finally {
    config.close();
  }
}
