// A channel pipeline played on the test's own GLib main loop until a callback quits it or the
// deadline passes: what the streamer tests that count segments share.
#pragma once

#include <gst/gst.h>

#include "streamer/channel_pipeline.hpp"

namespace councilcast::testing {

inline void play_until_quit(streamer::ChannelPipeline& pipeline, GMainLoop* loop,
                            guint deadline_seconds) {
    const guint deadline = g_timeout_add_seconds(
        deadline_seconds,
        [](gpointer l) {
            g_main_loop_quit(static_cast<GMainLoop*>(l));
            return G_SOURCE_REMOVE;
        },
        loop);
    pipeline.play();
    g_main_loop_run(loop);
    g_source_remove(deadline);
}

}  // namespace councilcast::testing
