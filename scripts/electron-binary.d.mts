export function findElectronBinary(): string | null;
export function electronInstallScript(): string;
