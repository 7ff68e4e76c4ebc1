export const CHANNELS = ['phone', 'email', 'web', 'chat', 'social'] as const;
export type Channel = (typeof CHANNELS)[number];
