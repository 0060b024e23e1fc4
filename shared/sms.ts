import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { KMSClient } from '@aws-sdk/client-kms';
import { kmsSmsGatewayKey, localSmsGatewayKey, makeSmsGatewaySender, smsGatewayUrl } from './sms-gateway.js';

/**
 * One message, as text and as a template with its parameters: End User Messaging SMS sends the
 * text; the mainland's SMS services send only templates registered with them beforehand, so a
 * gateway in front of one maps `template` to its own template and fills in `params`.
 */
export interface SmsMessage {
  /** Stable name of the message's template, e.g. `verification-code`. */
  template: string;
  params: Record<string, string>;
  /** The whole message, `params` filled in. */
  text: string;
}

/**
 * The SMS port of use cases (e.g. a mobile verification code). Implementations never log the
 * number or the text: both are personal data, and the text may hold a one-time code.
 * `idempotencyKey` is unique to the message: a gateway given it twice sends once.
 */
export interface SmsSender {
  send(mobile: string, message: SmsMessage, idempotencyKey: string): Promise<void>;
}

/** What the deployed sender needs of a client: a `PinpointSMSVoiceV2Client`, or a fake in unit tests. */
export interface SmsClient {
  send(command: SendTextMessageCommand): Promise<unknown>;
}

/**
 * AWS End User Messaging SMS: `SendTextMessage` from the province's origination identity (a
 * pool, phone number or sender id, `SMS_ORIGINATION_IDENTITY`). Mainland numbers get `+86`.
 */
export function makeEndUserMessagingSms(client: SmsClient, originationIdentity: string): SmsSender {
  return {
    async send(mobile, { text }) {
      await client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: mobile.startsWith('+') ? mobile : `+86${mobile}`,
          OriginationIdentity: originationIdentity,
          MessageBody: text,
          MessageType: 'TRANSACTIONAL',
        }),
      );
    },
  };
}

/** A message the local runtime would have sent. */
export interface LocalSms {
  mobile: string;
  text: string;
  sentAt: string;
}

// The local outbox lives in the process's memory, never in a table: the mobile and the code are
// personal data, and tables are scanned by the tests that prove none is stored in plain text.
// A global symbol keeps one outbox even if the module is loaded twice in one process.
const OUTBOX = Symbol.for('union-services/local-sms-outbox');
const localOutbox = (): LocalSms[] => ((globalThis as Record<symbol, LocalSms[]>)[OUTBOX] ??= []);

/** Only the latest messages are kept: a local outbox is for trying things, not an archive. */
const LOCAL_OUTBOX_LIMIT = 1000;

/** The local runtime's sender: keeps each message in memory for `GET /local/sms`. */
export const localSms: SmsSender = {
  async send(mobile, { text }) {
    const outbox = localOutbox();
    outbox.push({ mobile, text, sentAt: new Date().toISOString() });
    if (outbox.length > LOCAL_OUTBOX_LIMIT) outbox.splice(0, outbox.length - LOCAL_OUTBOX_LIMIT);
  },
};

/** The messages the local runtime sent to `mobile`, newest first. */
export const localSmsTo = (mobile: string): LocalSms[] => localOutbox().filter((sms) => sms.mobile === mobile).reverse();

let client: PinpointSMSVoiceV2Client | undefined;
let kmsClient: KMSClient | undefined;

/**
 * The sender this environment configures: End User Messaging SMS when `SMS_ORIGINATION_IDENTITY`
 * is set (the deployed stack where the region has it); the province's HTTPS gateway when
 * `SMS_GATEWAY_URL` is set (the China regions), requests signed with the KMS HMAC key
 * `SMS_GATEWAY_MAC_KMS_KEY_ID`, or locally with a key derived from `LOCAL_KEYRING`; the
 * in-memory outbox when `LOCAL_SMS_OUTBOX=memory` (the local runtime). Anything else, or a
 * gateway URL that is not https (but loopback http where the local runtime allows it), is a
 * broken deployment and throws.
 */
export function smsSender(env: NodeJS.ProcessEnv = process.env): SmsSender {
  if (env.SMS_ORIGINATION_IDENTITY) return makeEndUserMessagingSms((client ??= new PinpointSMSVoiceV2Client({})), env.SMS_ORIGINATION_IDENTITY);
  if (env.SMS_GATEWAY_URL) {
    const url = smsGatewayUrl(env.SMS_GATEWAY_URL, { allowLocalLoopback: env.SMS_GATEWAY_LOCAL_LOOPBACK === 'allow' });
    if (env.SMS_GATEWAY_MAC_KMS_KEY_ID) return makeSmsGatewaySender({ url, key: kmsSmsGatewayKey((kmsClient ??= new KMSClient({})), env.SMS_GATEWAY_MAC_KMS_KEY_ID) });
    if (env.LOCAL_KEYRING) return makeSmsGatewaySender({ url, key: localSmsGatewayKey(env.LOCAL_KEYRING) });
    throw new Error('The SMS gateway has no signing key: set SMS_GATEWAY_MAC_KMS_KEY_ID (KMS, deployed) or LOCAL_KEYRING (local runtime)');
  }
  if (env.LOCAL_SMS_OUTBOX === 'memory') return localSms;
  throw new Error('No SMS sender configured: set SMS_ORIGINATION_IDENTITY or SMS_GATEWAY_URL (deployed) or LOCAL_SMS_OUTBOX=memory (local runtime)');
}
