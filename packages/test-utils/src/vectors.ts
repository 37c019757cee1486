import vectors from '../fixtures/standard-webhooks.json' with { type: 'json' };

export interface SignatureVector {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
  signature: string;
}

/** Public Standard Webhooks test vectors (copied from the reference libraries). */
export const standardWebhooksVectors: readonly SignatureVector[] = vectors.vectors;
