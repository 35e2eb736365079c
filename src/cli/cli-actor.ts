/**
 * Who a state-changing command acts as, for the audit log: `--by` when given, else `cli:<os user>`. The row then
 * says the change came from this machine's command line, and by which login.
 */
import os from 'node:os';

export function cliActor(by?: string): { actor: string } {
  const given = by?.trim();
  if (given) return { actor: given.slice(0, 200) };
  let name = 'unknown';
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry for the uid (a container): the audit row still says the CLI did it.
  }
  return { actor: `cli:${name}` };
}
