/**
 * "Start Switchboard when I sign in to this computer". macOS and Windows keep login items through
 * Electron; Linux desktops read XDG autostart entries (~/.config/autostart/*.desktop), which Electron
 * does not write, so the entry is written here.
 */
export interface LoginItemCapability {
  readonly platform: NodeJS.Platform;
  /** The program to start: the AppImage's own path when run from one (its mount point changes each run). */
  readonly executable: string;
  getOpenAtLogin(): boolean;
  setOpenAtLogin(enabled: boolean): void;
  autostart: {
    exists(): Promise<boolean>;
    write(text: string): Promise<void>;
    remove(): Promise<void>;
  };
}

/** A desktop entry's Exec argument, quoted as the Desktop Entry spec asks. */
export function quoteExec(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(executable: string): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=Switchboard', 'Comment=Support desk workstation', `Exec=${quoteExec(executable)}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export class LoginItemService {
  constructor(private readonly login: LoginItemCapability) {}

  async enabled(): Promise<boolean> {
    return this.login.platform === 'linux' ? this.login.autostart.exists() : this.login.getOpenAtLogin();
  }

  async set(enabled: boolean): Promise<boolean> {
    if (this.login.platform === 'linux') {
      if (enabled) await this.login.autostart.write(autostartEntry(this.login.executable));
      else await this.login.autostart.remove();
    } else {
      this.login.setOpenAtLogin(enabled);
    }
    return this.enabled();
  }
}
