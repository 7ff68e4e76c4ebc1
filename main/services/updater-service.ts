/**
 * Updates through electron-updater, received as a capability. Active only in a packaged app with an
 * update server configured (a team's own file server: SWITCHBOARD_UPDATE_URL); an update downloads in
 * the background and is installed only when the agent asks for the restart, never in the middle of a call.
 */
export interface UpdaterCapability {
  configure(options: { feedUrl: string }): void;
  checkForUpdates(): Promise<unknown>;
  onDownloaded(listener: (version: string) => void): void;
  onError(listener: (error: Error) => void): void;
  quitAndInstall(): void;
}

export type UpdaterStatus = { readonly active: true } | { readonly active: false; readonly reason: string };

/** How often a running app looks for a new version. */
export const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export class UpdaterService {
  private readyVersion: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly updater: UpdaterCapability,
    private readonly options: { isPackaged: boolean; feedUrl: string | null },
    private readonly onReady: (version: string) => void,
    /** Told about failed checks (message only), which never stop the app. */
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  start(): UpdaterStatus {
    if (!this.options.isPackaged) return { active: false, reason: 'a development build does not update itself' };
    if (!this.options.feedUrl) return { active: false, reason: 'no update server is configured (SWITCHBOARD_UPDATE_URL)' };
    if (!/^https:\/\//i.test(this.options.feedUrl)) return { active: false, reason: 'the update server must be an https:// address' };
    this.updater.configure({ feedUrl: this.options.feedUrl });
    this.updater.onDownloaded((version) => {
      this.readyVersion = version;
      this.onReady(version);
    });
    this.updater.onError((error) => this.onProblem(error.message));
    const check = () => void this.updater.checkForUpdates().catch((error: unknown) => this.onProblem(error instanceof Error ? error.message : 'update check failed'));
    check();
    this.timer = setInterval(check, CHECK_EVERY_MS);
    return { active: true };
  }

  /** The agent chose to restart: install the downloaded version. False when none is ready. */
  installNow(): boolean {
    if (this.readyVersion === null) return false;
    this.updater.quitAndInstall();
    return true;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
