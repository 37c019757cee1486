// An entry point: the API of api.ts bound to one crypto backend (package.json picks the entry).
import { type ReceiverVerify, requestWith, verifyWebhookWith, verifyWith } from './api.js';
import { webCrypto as backend } from './crypto-web.js';
import { generateKeyPairWith, generateSecretWith } from './generate-keys.js';
import { signWith } from './sign-webhook.js';
import { verifySignatureWith } from './verify-signature.js';

export type { ReceiverVerify } from './api.js';
export {
  WebhookVerificationError,
  type WebhookVerificationErrorReason,
} from './errors.js';
export type * from './events.js';
export type * from './types.js';

// Each typed by the interface, whose documentation editors then show; each marked pure, so
// that bundlers drop the ones a program does not import. The payload type T is the caller's.
export const verify = /* @__PURE__ */ verifyWith.bind(null, backend) as ReceiverVerify['verify'];
export const verifyWebhook = /* @__PURE__ */ verifyWebhookWith.bind(
  null,
  backend,
) as ReceiverVerify['verifyWebhook'];
export const verifySignature: ReceiverVerify['verifySignature'] =
  /* @__PURE__ */ verifySignatureWith.bind(null, backend);
export const verifyRequest = /* @__PURE__ */ requestWith.bind(
  null,
  verifyWith,
  backend,
) as ReceiverVerify['verifyRequest'];
export const verifyWebhookRequest = /* @__PURE__ */ requestWith.bind(
  null,
  verifyWebhookWith,
  backend,
) as ReceiverVerify['verifyWebhookRequest'];
export const sign: ReceiverVerify['sign'] = /* @__PURE__ */ signWith.bind(null, backend);
export const generateSecret: ReceiverVerify['generateSecret'] =
  /* @__PURE__ */ generateSecretWith.bind(null, backend);
export const generateKeyPair: ReceiverVerify['generateKeyPair'] =
  /* @__PURE__ */ generateKeyPairWith.bind(null, backend);
