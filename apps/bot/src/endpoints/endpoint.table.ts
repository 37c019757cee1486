export type SigningScheme = 'standard-webhooks' | 'legacy';
