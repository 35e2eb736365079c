/** Port checks for the embedded services: a taken port gets a sentence naming it and the variable that moves it. */
import net from 'node:net';

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export async function assertPortFree(port: number, what: string, envVar: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
  if (!free) {
    throw new PortInUseError(
      `Cổng ${port} (${what}) đang bị chiếm; đặt ${envVar}=<cổng khác> để dùng cổng khác / port ${port} for ${what} is in use; set ${envVar} to move it`,
    );
  }
}

/** A free port chosen by the OS, for tests. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
