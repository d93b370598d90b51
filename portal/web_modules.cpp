#include "portal/web_modules.hpp"

#include "portal/recording_summaries.hpp"
#include "portal/search_documents.hpp"
#include "portal/vote_summaries.hpp"

namespace councilcast::portal {
namespace {

PetitionRateSettings petition_rate_settings(const config::Petitions& petitions) {
    PetitionRateSettings settings;
    settings.signatures_per_address = static_cast<std::uint32_t>(petitions.sign_limit_per_address);
    settings.signatures_per_petition =
        static_cast<std::uint32_t>(petitions.sign_limit_per_petition);
    settings.starts_per_address = static_cast<std::uint32_t>(petitions.start_limit_per_address);
    return settings;
}

}  // namespace

WebModules::WebModules(const config::Config& config, Site& site, Services services)
    : account_pages_(config, site.renderer(), site.gate(), services.accounts),
      staff_pages_(config, services.account_store, services.audit, services.accounts.mail),
      council_editor_(config, services.council, site.localization()),
      live_(
          config, services.index, site.files(),
          [&metrics = services.metrics](std::uint64_t bytes) {
              metrics.count_segment_bytes(bytes);
          },
          services.live_parts),
      public_pages_(
          {config, site.renderer(), site.localization(), services.council, site.files(),
           [this](const config::Channel& channel) { return live_.on_air(channel); },
           vote_summaries(services.voting, services.council, site.renderer(), site.localization()),
           recording_summaries(services.recordings, services.captions)}),
      open_data_(config, services.council, site.renderer(),
                 recording_summaries(services.recordings, services.captions)),
      meeting_events_(services.council, site.renderer()),
      member_vote_(services.voting, services.council, site.renderer(), site.localization()),
      sitting_console_(services.voting, services.council, site.renderer(), site.localization()),
      voting_api_(services.council, services.voting),
      voting_events_(
          services.council,
          [this](std::int64_t meeting_id, std::string id, std::string name, std::string data) {
              meeting_events_.publish_event(meeting_id, std::move(id), std::move(name),
                                            std::move(data));
          }),
      search_([&council = services.council] { return council.snapshot(); },
              search_sources(services.voting, services.council, site.renderer(),
                             services.recording_store, services.recordings, services.captions)),
      search_pages_(config, search_, services.council, site.renderer(), site.localization()),
      recording_media_(config.recordings, site.renderer(), site.localization(),
                       services.recordings.media_source(), services.recordings.visibility_source()),
      recording_routes_(services.recordings.config(), services.recordings, site.files(),
                        [&metrics = services.metrics](std::uint64_t bytes) {
                            metrics.count_segment_bytes(bytes);
                        }),
      recording_staff_(config, services.recording_store, services.council, site.localization(),
                       services.disk_guard, &services.redactions),
      annotation_page_(services.recordings, services.recording_store, services.annotations,
                       services.council),
      redaction_staff_(services.redactions, services.recordings, services.council,
                       site.localization()),
      caption_routes_(services.recordings, services.captions),
      caption_staff_(config, services.captions, services.recordings, services.council),
      import_page_(config, services.imports, services.recording_store, services.council),
      petition_pages_({config, site.renderer(), site.localization(), services.petitions}),
      petition_api_(config, services.petitions, site.renderer()),
      petition_limits_(petition_rate_settings(config.petitions)),
      petition_mail_(services.accounts.mail, site.renderer()),
      petition_flow_(services.petitions, petition_limits_, site.renderer()),
      petition_moderation_(services.petitions, petition_limits_, site.renderer(),
                           site.localization()),
      booking_calendar_(config.municipality.name_lt, config.mail.from_address),
      booking_mail_(services.accounts.mail, site.renderer(), site.localization(),
                    booking_calendar_),
      booking_find_(services.bookings, booking_limits_, site.renderer(), site.localization()),
      booking_form_(services.bookings, booking_limits_, site.renderer(), site.localization()),
      booking_own_(services.bookings, booking_limits_, site.renderer(), site.localization()),
      booking_api_(services.bookings, booking_limits_, site.renderer(), site.localization()),
      booking_staff_(config, services.bookings, booking_calendar_, site.renderer(),
                     site.localization()),
      console_(services.hall_desk, site.renderer(), site.localization()),
      report_routing_(services.report_routing),
      report_mail_(config.reports, services.accounts.mail, site.renderer()),
      report_pages_(config, services.reports, site.renderer(), site.localization()),
      report_staff_(config, services.reports, services.account_store, site.renderer(),
                    site.localization()),
      open311_(config, services.reports, site.renderer(), site.localization()),
      report_feeds_(config, services.reports, site.renderer()) {
    site.add(account_pages_.entries());
    site.add(staff_pages_.entries());
    site.add({council_editor_.routes(), CouncilEditor::navigation(), {}});
    site.add(live_.entries());
    site.add(public_pages_.entries());
    site.set_not_found([this](PageCall& call) { return public_pages_.not_found(call); });
    site.add(open_data_.entries());
    site.add(meeting_events_.entries());
    site.add(member_vote_.entries());
    site.add(sitting_console_.entries());
    site.add(voting_api_.entries());
    site.add(search_pages_.entries());
    site.add(recording_media_.entries());
    site.add(recording_routes_.entries());
    site.add(recording_staff_.entries());
    site.add(annotation_page_.entries());
    site.add(redaction_staff_.entries());
    site.add(import_page_.entries());
    add_captions(site);
    add_petitions(site);
    add_petition_flow(config, site, services.petitions);
    add_booking_pages(config, site, services.bookings);
    site.add(booking_staff_.entries());
    site.add(console_.entries());
    add_reports(config, site, services.reports, services.report_routing);
}

void WebModules::add_petitions(Site& site) {
    site.add(petition_pages_.entries());
    site.add(petition_api_.entries());
}

void WebModules::add_captions(Site& site) {
    recording_routes_.set_master_extras(
        [this](PageCall& call, std::int64_t meeting_id, const std::string& master) {
            return caption_routes_.master(call, meeting_id, master);
        });
    site.add(caption_routes_.entries());
    site.add(caption_staff_.entries());
}

void WebModules::add_petition_flow(const config::Config& config, Site& site,
                                   PetitionStore& petitions) {
    petition_mail_.set_public_url(config.server.public_url);
    petition_flow_.set_public_url(config.server.public_url);
    petitions.set_event_sink(
        [this](Database& db, const PetitionEvent& event) { petition_mail_.on_event(db, event); });
    site.add(petition_flow_.entries());
    site.add(petition_moderation_.entries());
}

void WebModules::add_booking_pages(const config::Config& config, Site& site,
                                   BookingStore& bookings) {
    booking_mail_.set_public_url(config.server.public_url);
    bookings.set_event_sink(
        [this](Database& db, const BookingEvent& event) { booking_mail_.on_event(db, event); });
    site.add(booking_find_.entries());
    site.add(booking_form_.entries());
    site.add(booking_own_.entries());
    site.add(booking_api_.entries());
}

void WebModules::add_reports(const config::Config& config, Site& site, ReportStore& reports,
                             ReportRouting& routing) {
    report_mail_.set_public_url(config.server.public_url);
    routing.set_public_url(config.server.public_url);
    reports.add_event_sink(
        [this](Database& db, const ReportEvent& event) { report_mail_.on_event(db, event); });
    reports.add_event_sink(
        [&routing](Database& db, const ReportEvent& event) { routing.on_event(db, event); });
    site.add(report_pages_.entries());
    site.add(report_staff_.entries());
    site.add(open311_.entries());
    site.add(report_feeds_.entries());
}

void WebModules::set_public_url(const std::string& url) {
    account_pages_.set_public_url(url);
    public_pages_.set_public_url(url);
    open_data_.set_fallback_url(url);
    petition_pages_.set_public_url(url);
    petition_api_.set_public_url(url);
    petition_mail_.set_public_url(url);
    petition_flow_.set_public_url(url);
    booking_mail_.set_public_url(url);
    booking_staff_.set_public_url(url);
    report_mail_.set_public_url(url);
    report_routing_.set_public_url(url);
    report_pages_.set_public_url(url);
    report_staff_.set_public_url(url);
    open311_.set_public_url(url);
    report_feeds_.set_public_url(url);
}

}  // namespace councilcast::portal
