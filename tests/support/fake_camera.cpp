// A hall camera for the tests and the bench: gst-rtsp-server serving a test picture (H.264) and a
// tone (Opus) at rtsp://127.0.0.1:<port>/camera, like an IP camera on the hall's network.
//   fake_camera <port> <tcp|udp|any> <videotestsrc pattern> <tone Hz> [user:password]
// "tcp" refuses RTP over UDP (a camera behind a firewall), "udp" refuses TCP interleaving; with
// credentials it asks for them (HTTP Basic, as most IP cameras). It runs until killed; a test
// SIGKILLs it to pull the cable and starts it again on the same port.
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

GstRTSPLowerTrans lower_transport(std::string_view name) {
    if (name == "tcp") return GST_RTSP_LOWER_TRANS_TCP;
    if (name == "udp") return GST_RTSP_LOWER_TRANS_UDP;
    return static_cast<GstRTSPLowerTrans>(GST_RTSP_LOWER_TRANS_TCP | GST_RTSP_LOWER_TRANS_UDP);
}

}  // namespace

int main(int argc, char** argv) {
    gst_init(&argc, &argv);
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr,
                     "usage: fake_camera <port> <tcp|udp|any> <pattern> <tone Hz> "
                     "[user:password]\n");
        return 2;
    }
    // Small and cheap: the tests run several of these beside the worker on two cores.
    const std::string launch =
        std::string("( videotestsrc is-live=true pattern=") + argv[3] +
        " ! video/x-raw,width=320,height=180,framerate=25/1 ! x264enc tune=zerolatency "
        "speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96 "
        "audiotestsrc is-live=true wave=sine volume=0.3 freq=" +
        argv[4] + " ! audioconvert ! audioresample ! opusenc ! rtpopuspay name=pay1 pt=97 )";

    GstRTSPServer* server = gst_rtsp_server_new();
    gst_rtsp_server_set_address(server, "127.0.0.1");
    gst_rtsp_server_set_service(server, argv[1]);
    GstRTSPMediaFactory* factory = gst_rtsp_media_factory_new();
    gst_rtsp_media_factory_set_launch(factory, launch.c_str());
    gst_rtsp_media_factory_set_shared(factory, TRUE);
    gst_rtsp_media_factory_set_protocols(factory, lower_transport(argv[2]));
    if (argc == 6) {
        const std::string credentials = argv[5];
        const auto colon = credentials.find(':');
        GstRTSPAuth* auth = gst_rtsp_auth_new();
        GstRTSPToken* token =
            gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, "viewer", nullptr);
        gchar* basic = gst_rtsp_auth_make_basic(credentials.substr(0, colon).c_str(),
                                                credentials.substr(colon + 1).c_str());
        gst_rtsp_auth_add_basic(auth, basic, token);
        g_free(basic);
        gst_rtsp_token_unref(token);
        gst_rtsp_server_set_auth(server, auth);
        g_object_unref(auth);
        gst_rtsp_media_factory_add_role(factory, "viewer", GST_RTSP_PERM_MEDIA_FACTORY_ACCESS,
                                        G_TYPE_BOOLEAN, TRUE, GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT,
                                        G_TYPE_BOOLEAN, TRUE, nullptr);
    }
    GstRTSPMountPoints* mounts = gst_rtsp_server_get_mount_points(server);
    gst_rtsp_mount_points_add_factory(mounts, "/camera", factory);
    g_object_unref(mounts);

    if (gst_rtsp_server_attach(server, nullptr) == 0) {
        std::fprintf(stderr, "fake_camera: cannot listen on port %s\n", argv[1]);
        return 1;
    }
    std::printf("listening\n");
    std::fflush(stdout);
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    g_main_loop_run(loop);
    return EXIT_SUCCESS;
}
