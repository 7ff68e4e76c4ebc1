import { RateLimiterMemory } from 'rate-limiter-flexible';

/**
 * Slows password guessing: a few attempts per account and address, more per address alone (a shared
 * office NAT). Successful logins reset the account counter.
 */
export class LoginThrottle {
  private readonly perAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: 10, duration: 5 * 60 });
  private readonly perAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: 100, duration: 5 * 60 });

  /** Seconds to wait, or 0 when this attempt may go ahead. Counts the attempt. */
  async attempt(address: string, email: string): Promise<number> {
    try {
      await this.perAddress.consume(address);
      await this.perAccount.consume(`${address}|${email.toLowerCase()}`);
      return 0;
    } catch (rejection) {
      const ms = (rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000;
      return Math.max(1, Math.ceil(ms / 1000));
    }
  }

  async succeeded(address: string, email: string): Promise<void> {
    await this.perAccount.delete(`${address}|${email.toLowerCase()}`);
  }
}
