// The C libraries with process-wide state, started once at the top of main.
#pragma once

namespace councilcast::portal {

// libsodium (random tokens, password hashes), GMime (mail, uploaded forms), libcurl (SMTP) and
// libxml2 (feeds, sitemap): each wants its set-up called once, before any thread uses it, and
// none of them is safe to set up from two threads at once. Called first thing in main(), and by
// the test programs that use the portal. Throws councilcast::Error if one cannot start.
// GStreamer is the streamer worker's alone (streamer::run_worker).
void init_libraries();

}  // namespace councilcast::portal
