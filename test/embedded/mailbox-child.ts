/** The embedded mailbox alone in a process, as `nhac-han start` runs it: prints `READY <port>`, serves until killed. */
import { startMailbox } from '../../src/embedded/mailbox';

void startMailbox({ dir: process.argv[2]!, port: 0 }).then((m) => process.stdout.write(`READY ${m.port}\n`));
