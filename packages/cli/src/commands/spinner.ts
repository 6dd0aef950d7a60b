/** A one-line progress indicator on stderr; does nothing when stderr is not a terminal. */
export interface Spinner {
  stop(): void;
}

const frames = ["|", "/", "-", "\\"] as const;

/** Starts a spinner showing `label` and the seconds waited so far. */
export function startSpinner(label: string, stream: NodeJS.WriteStream = process.stderr): Spinner {
  if (stream.isTTY !== true) return { stop() {} };
  const started = Date.now();
  let i = 0;
  const draw = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    stream.write(`\r${frames[i++ % frames.length]} ${label} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  return {
    stop() {
      clearInterval(timer);
      stream.write("\r\x1b[K");
    },
  };
}
