export declare const SERVERS: Record<string, { version: string; recipe?: number; executable: string }>;
export declare function cacheRoot(): string;
export declare function serverDir(name: string): string;
export declare function cachedExecutable(name: 'temporal-cli' | 'ferretdb' | 'temporal-test-server'): string | null;
export declare function ensureServer(name: 'temporal-cli' | 'ferretdb' | 'temporal-test-server'): Promise<string | null>;
export declare function freePort(): Promise<number>;
export declare function waitForPort(port: number, timeoutMs: number): Promise<void>;
export declare class BuildError extends Error {
  step: string;
}
