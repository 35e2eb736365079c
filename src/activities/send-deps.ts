/** What the send activities are built from: the pieces ./index.ts composes once per `createActivities`. */
import type { PrismaClient } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import type { AssignmentLoader } from './assignment-loader';
import type { MessageContexts } from './message-contexts';
import type { SendToRecipients } from './recipient-delivery';
import type { EnsureWorkingHours } from './working-hours-gate';
import type { AlertCoordinator } from './coordinator-alert';

export interface SendDeps {
  prisma: PrismaClient;
  log: Logger;
  loader: AssignmentLoader;
  contexts: MessageContexts;
  sendToRecipients: SendToRecipients;
  ensureWorkingHours: EnsureWorkingHours;
  /** The coordinator's notice of a failed or bounced address. (Default: none.) */
  alertCoordinator?: AlertCoordinator;
}
