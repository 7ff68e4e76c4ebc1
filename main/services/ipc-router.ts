import type { z } from 'zod';
import type { IpcResult } from '../../preload/contract';
import { originOf } from './window-policy';

/** Electron's IpcMainInvokeEvent, reduced to what the checks read (Electron cannot run in tests here). */
export interface IpcInvokeEvent {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** What the platform layer provides: Electron's ipcMain.handle. */
export interface IpcCapability {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}


/**
 * The one way the main process answers the renderer. Every handler goes through here, so every call is
 * checked the same way: the sender is the app's own top-level frame (not an iframe, not a page the
 * window was somehow navigated to), and the argument passes the channel's schema. Handlers get the
 * parsed argument only, never the Electron event.
 */
export class IpcRouter {
  private readonly channels = new Set<string>();

  constructor(
    private readonly ipc: IpcCapability,
    private readonly appOrigin: string,
    /** Told about refusals (channel and reason only: arguments may hold customer data). */
    private readonly onRefused: (channel: string, reason: string) => void = () => undefined,
  ) {}

  handle<S extends z.ZodType, R>(channel: string, schema: S, run: (args: z.infer<S>) => Promise<R> | R): void {
    if (this.channels.has(channel)) throw new Error(`IPC channel ${channel} has two handlers`);
    this.channels.add(channel);
    this.ipc.handle(channel, async (event, ...args): Promise<IpcResult<R>> => {
      if (!this.fromAppFrame(event)) {
        this.onRefused(channel, 'sender is not the app window');
        return { ok: false, error: { code: 'refused', message: 'Only the Switchboard window may ask this.' } };
      }
      if (args.length > 1) return this.invalid(channel);
      const parsed = schema.safeParse(args[0]);
      if (!parsed.success) return this.invalid(channel);
      try {
        return { ok: true, data: await run(parsed.data) };
      } catch (error) {
        return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : 'The desktop could not do this.' } };
      }
    });
  }

  private fromAppFrame(event: IpcInvokeEvent): boolean {
    const frame = event.senderFrame;
    return frame !== null && !frame.parent && originOf(frame.url) === this.appOrigin;
  }

  private invalid(channel: string): IpcResult<never> {
    this.onRefused(channel, 'argument does not match the contract');
    return { ok: false, error: { code: 'invalid', message: 'The request to the desktop was malformed.' } };
  }
}
