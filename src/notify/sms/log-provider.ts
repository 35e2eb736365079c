import { randomUUID } from 'node:crypto';
import { maskPersonalData } from '../../security/personal-data';
import { assertE164, type SmsLogger, type SmsMessage, type SmsProvider, type SmsSendResult } from './sms-provider';

/**
 * The default provider: sends nothing and writes one log line per message, so a fresh install and the demo show
 * what would have gone out without an SMS contract.
 */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';

  constructor(private readonly log: SmsLogger) {}

  async send(message: SmsMessage): Promise<SmsSendResult> {
    assertE164(this.name, message.to);
    const providerMessageId = `log-${randomUUID()}`;
    // Masked: the number and the signed link in the text are personal data and a credential.
    this.log.info(
      `SMS (not sent, SMS_PROVIDER=log) to ${maskPersonalData(message.to)}: ${maskPersonalData(message.text)}`,
      {
        sms: { id: message.id, providerMessageId, length: message.text.length },
      },
    );
    return { providerMessageId };
  }
}
