/**
 * `nhac-han webhooks`: the addresses providers and the mail relay post delivery reports to, with their tokens
 * (derived from APP_SECRET, so they change with it). What an operator enters in the eSMS console and in the relay's
 * return-path transport (src/web/routes/delivery-webhooks.ts).
 */
import { loadConfig } from '../../config';
import { appSecret } from '../../runtime/app-secret';
import { bounceWebhookToken, esmsCallbackToken } from '../../security/webhook-signature';

export function webhooksCommand(opts: { json?: boolean }): void {
  const config = loadConfig();
  const base = config.appBaseUrl.replace(/\/$/, '');
  const secret = appSecret(config);
  const hooks = {
    bounce: `${base}/webhooks/bounce/${bounceWebhookToken(secret)}`,
    esms: `${base}/webhooks/esms/${esmsCallbackToken(secret)}`,
    zalo: `${base}/webhooks/zalo`,
  };
  if (opts.json) {
    console.log(JSON.stringify(hooks, null, 2));
    return;
  }
  console.log(`Thư trả về (DSN), POST message/rfc822:  ${hooks.bounce}`);
  console.log(
    `  ví dụ Postfix: bounce unix - n n - - pipe user=nobody argv=/usr/bin/curl -s --data-binary @- -H Content-Type:message/rfc822 ${hooks.bounce}`,
  );
  console.log(`Báo cáo gửi của eSMS (tự gửi kèm mỗi tin): ${hooks.esms}`);
  console.log(`Webhook Zalo OA (khai báo trên Zalo):     ${hooks.zalo}`);
}
