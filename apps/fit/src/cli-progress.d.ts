// Minimal types of cli-progress 3 (the package ships none; @types/cli-progress is not installed).
declare module 'cli-progress' {
  interface BarOptions {
    format?: string;
    stream?: NodeJS.WritableStream;
    hideCursor?: boolean;
    clearOnComplete?: boolean;
    etaBuffer?: number;
    fps?: number;
    noTTYOutput?: boolean;
    notTTYSchedule?: number;
  }
  class SingleBar {
    constructor(options: BarOptions, preset?: unknown);
    start(total: number, start: number, payload?: Record<string, unknown>): void;
    update(value: number, payload?: Record<string, unknown>): void;
    stop(): void;
  }
  const Presets: { shades_classic: unknown; legacy: unknown; rect: unknown };
  export { SingleBar, Presets };
  const _default: { SingleBar: typeof SingleBar; Presets: typeof Presets };
  export default _default;
}
