// The workflow behind `bench workflows`' limit: it starts and completes, nothing else, so the rate at which the
// server (and one worker) can run it is the most any workflow can get from that server.
export async function emptyWorkflow(): Promise<void> {}
