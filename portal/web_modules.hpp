// Every module of the web side, built around the Site and added to it: their routes, staff
// navigation and crawler entries, and the council's changes wired to the meetings' event
// streams. The one list a new capability joins (`serve` and the request fuzzer both use it).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "archive/segment_index.hpp"
#include "config/config.hpp"
#include "portal/accounts/account_pages.hpp"
#include "portal/admin/staff_pages.hpp"
#include "portal/bookings/booking_api.hpp"
#include "portal/bookings/booking_calendar.hpp"
#include "portal/bookings/booking_find_pages.hpp"
#include "portal/bookings/booking_form_pages.hpp"
#include "portal/bookings/booking_mail.hpp"
#include "portal/bookings/booking_own_pages.hpp"
#include "portal/bookings/booking_rate_limits.hpp"
#include "portal/bookings/booking_staff_pages.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/broadcast/live_routes.hpp"
#include "portal/console/console_page.hpp"
#include "portal/console/hall_desk.hpp"
#include "portal/council/council_editor.hpp"
#include "portal/council/council_store.hpp"
#include "portal/petitions/petition_api.hpp"
#include "portal/petitions/petition_flow_pages.hpp"
#include "portal/petitions/petition_mail.hpp"
#include "portal/petitions/petition_moderation_page.hpp"
#include "portal/petitions/petition_pages.hpp"
#include "portal/petitions/petition_rate_limits.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/publish/meeting_events.hpp"
#include "portal/publish/open_data_routes.hpp"
#include "portal/publish/public_pages.hpp"
#include "portal/recordings/annotation_page.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/caption_routes.hpp"
#include "portal/recordings/caption_staff_page.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/disk_guard.hpp"
#include "portal/recordings/import_page.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/recording_media_routes.hpp"
#include "portal/recordings/recording_routes.hpp"
#include "portal/recordings/recording_staff_page.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_staff_page.hpp"
#include "portal/recordings/redaction_store.hpp"
#include "portal/reports/open311_api.hpp"
#include "portal/reports/report_feeds.hpp"
#include "portal/reports/report_mail.hpp"
#include "portal/reports/report_pages.hpp"
#include "portal/reports/report_routing.hpp"
#include "portal/reports/report_staff_pages.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/search/search_pages.hpp"
#include "portal/search/search_service.hpp"
#include "portal/site/metrics.hpp"
#include "portal/site/site.hpp"
#include "portal/voting/member_vote_page.hpp"
#include "portal/voting/sitting_console.hpp"
#include "portal/voting/voting_api.hpp"
#include "portal/voting/voting_events.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

class WebModules {
  public:
    // Non-owning references: the portal keeps each alive while the server runs, and this
    // object as long as the site serves.
    struct Services {
        AccountPages::Services accounts;
        AccountStore& account_store;
        AuditLog& audit;
        CouncilStore& council;
        VotingStore& voting;
        archive::SegmentIndex& index;
        Metrics& metrics;
        // The meetings' recordings: the store and the recordings on their timeline. The clip
        // and thumbnail routes take `recordings.media_source()`.
        RecordingStore& recording_store;
        RecordingArchive& recordings;
        // Editors' chapters, speakers and notes (the annotation page writes through it).
        AnnotationStore& annotations;
        const DiskGuard& disk_guard;
        // Redactions and publishing (the archive uses it too: RecordingArchive::use_redactions).
        RedactionStore& redactions;
        CaptionStore& captions;         // the recordings' caption tracks
        ImportJobs& imports;            // the staff upload's imports of older recordings
        PetitionStore& petitions;       // residents' petitions: the public pages and the forms
        BookingStore& bookings;         // consultations with officials: residents' and staff pages
        ReportStore& reports;           // problem reports: residents', staff pages and Open311
        ReportRouting& report_routing;  // a confirmed report to its department and webhook
        HallDesk& hall_desk;            // the hall's console: its channels wired after the workers
        LiveParts* live_parts;          // Low-Latency HLS's parts in memory; null: standard only
    };

    WebModules(const config::Config& config, Site& site, Services services);
    WebModules(const WebModules&) = delete;
    WebModules& operator=(const WebModules&) = delete;

    // The listening address, when server.public_url is empty: links in mail, pages and feeds
    // fetched without a Host header.
    void set_public_url(const std::string& url);

    // After every voting write about `meeting_id` (the composition root makes it part of the
    // voting store's listener): its "vote" and "agenda" events on the meeting's stream.
    void voting_changed(const VotingSnapshot& snapshot, std::int64_t meeting_id) {
        voting_events_.on_change(snapshot, meeting_id);
        search_.refresh();
    }

    // What a channel's rendition turned out to be (the worker's report, on the supervisor's
    // strand): the live master playlist announces it.
    void rendition_reported(const std::string& channel, const streamer::RenditionReport& report) {
        live_.rendition_reported(channel, report);
    }

    // After every change of the recordings or their chapters (the composition root makes it
    // the recording store's listener): search's chapters and moments.
    void recordings_changed() { search_.refresh(); }

    // After the event loop has stopped and before it is destroyed: cancels the downloads being
    // made and waits for the libav work, which posts its results to the loop.
    void stop_media_work() { recording_media_.stop(); }

    // After every council change (the composition root makes it part of the council store's
    // listener): the meetings' event streams and search.
    void council_changed(const CouncilSnapshot& snapshot) {
        meeting_events_.publish(snapshot);
        search_.refresh();
    }

    // Removes expired sessions and one-time links; called now and then by the portal.
    boost::asio::awaitable<void> remove_expired() { return account_pages_.remove_expired(); }

  private:
    // The captions' routes and staff page, and their entries in the master playlists.
    void add_captions(Site& site);
    // What visitors read of the petitions: the list, a petition, its widget, the feed, the API.
    void add_petitions(Site& site);
    // What residents and moderators write about petitions, and their mail hung on the store.
    void add_petition_flow(const config::Config& config, Site& site, PetitionStore& petitions);
    // What residents do with consultations (finding a time, booking, their own booking, the
    // API), and their mail hung on the store.
    void add_booking_pages(const config::Config& config, Site& site, BookingStore& bookings);
    // Problem reports: residents' pages, staff pages and Open311, and their mail and routing
    // hung on the store.
    void add_reports(const config::Config& config, Site& site, ReportStore& reports,
                     ReportRouting& routing);

    AccountPages account_pages_;
    StaffPages staff_pages_;
    CouncilEditor council_editor_;
    LiveRoutes live_;
    PublicPages public_pages_;
    OpenDataRoutes open_data_;
    MeetingEvents meeting_events_;
    MemberVotePage member_vote_;
    SittingConsole sitting_console_;
    VotingApi voting_api_;
    VotingEvents voting_events_;
    SearchService search_;
    SearchPages search_pages_;
    RecordingMediaRoutes recording_media_;
    RecordingRoutes recording_routes_;
    RecordingStaffPage recording_staff_;
    AnnotationPage annotation_page_;
    RedactionStaffPage redaction_staff_;
    CaptionRoutes caption_routes_;
    CaptionStaffPage caption_staff_;
    ImportPage import_page_;
    PetitionPages petition_pages_;
    PetitionApi petition_api_;
    PetitionRateLimits petition_limits_;
    PetitionMail petition_mail_;
    PetitionFlowPages petition_flow_;
    PetitionModerationPage petition_moderation_;
    BookingRateLimits booking_limits_;
    BookingCalendar booking_calendar_;
    BookingMail booking_mail_;
    BookingFindPages booking_find_;
    BookingFormPages booking_form_;
    BookingOwnPages booking_own_;
    BookingApi booking_api_;
    BookingStaffPages booking_staff_;
    ConsolePage console_;
    ReportRouting& report_routing_;
    ReportMail report_mail_;
    ReportPages report_pages_;
    ReportStaffPages report_staff_;
    Open311Api open311_;
    ReportFeeds report_feeds_;
};

}  // namespace councilcast::portal
