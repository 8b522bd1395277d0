import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ComplianceStore } from '../database/ComplianceStore';
import { Clock } from '../util/clock';
import { NotificationStateStore } from './NotificationStateStore';

/**
 * What the refresh notifier and the weekly digest both work with: the
 * compliance data, what was last told, the notifications backend, a logger
 * and the clock. startNotifications builds it once for both.
 */
export interface NotifierDeps {
  store: ComplianceStore;
  state: NotificationStateStore;
  notifications: NotificationService;
  logger: LoggerService;
  now: Clock;
}
