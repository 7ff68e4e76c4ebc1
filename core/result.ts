/**
 * Discriminated results for domain decisions. Thrown errors lose their type on the way through
 * IPC and socket acks; a `Refusal` keeps a machine-readable code beside the human reason.
 */
export type Result<T, C extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Refusal<C> };

export interface Refusal<C extends string = string> {
  readonly code: C;
  /** One sentence an agent can read: what was refused and why. */
  readonly reason: string;
}

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const refuse = <C extends string>(code: C, reason: string): { readonly ok: false; readonly error: Refusal<C> } => ({
  ok: false,
  error: { code, reason },
});
