// The streamer worker process (`councilcast stream`): runs one channel's pipeline for the portal.
#pragma once

namespace councilcast::streamer {

// Talks to the portal over the socketpair end at kWorkerFd until told to stop, the portal goes
// away, or the pipeline fails. Returns the process exit code (0 when stopped on request).
int run_worker();

}  // namespace councilcast::streamer
