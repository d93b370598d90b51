#include "portal/publish/feeds.hpp"

#include <glib.h>
#include <libical/ical.h>

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/pages/media_clock.hpp"
#include "portal/pages/xml_writer.hpp"
#include "portal/publish/open_data.hpp"

namespace councilcast::portal {
namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kXhtmlNamespace = "http://www.w3.org/1999/xhtml";
// Meeting times are shown to people in the municipality's own time; every municipality this
// serves is in Lithuania.
constexpr const char* kMunicipalTimeZone = "Europe/Vilnius";
constexpr int kCouncilMeetingSeconds = 2 * 3600;
constexpr int kCommitteeMeetingSeconds = 3600;

using IcalComponentPtr = CPtr<&icalcomponent_free>;
using IcalStringPtr = CPtr<&icalmemory_free_buffer, char>;

// "2026-11-28 14:00 (Lietuvos laiku)"; UTC when the system has no time zone data.
std::string local_time_text(std::int64_t unix_seconds, Language language,
                            const PageRenderer& messages) {
    icaltimezone* utc = icaltimezone_get_utc_timezone();
    const icaltimetype moment =
        icaltime_from_timet_with_zone(static_cast<time_t>(unix_seconds), 0, utc);
    icaltimezone* zone = icaltimezone_get_builtin_timezone(kMunicipalTimeZone);
    if (!zone) return rfc3339_utc(unix_seconds);
    const icaltimetype local = icaltime_convert_to_zone(moment, zone);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} ({})", local.year, local.month, local.day,
                       local.hour, local.minute, messages.message(language, "feed_local_time"));
}

// xml:lang on an element whose text is in another language than the feed's: an English feed
// shows the Lithuanian text where nobody has translated it, and says so.
void mark_language(XmlWriter& xml, const LocalizedText& text, Language language) {
    if (!text.translated(language)) xml.attribute("xml:lang", language_code(Language::kLt));
}

void localized_element(XmlWriter& xml, const char* name, const LocalizedText& text,
                       Language language) {
    xml.start(name);
    mark_language(xml, text, language);
    xml.text(text.in(language));
    xml.end();
}

void link(XmlWriter& xml, std::string_view rel, std::string_view type, std::string_view href) {
    xml.start("link");
    xml.attribute("rel", rel);
    xml.attribute("type", type);
    xml.attribute("href", href);
    xml.end();
}

void labelled_paragraph(XmlWriter& xml, std::string_view label, std::string_view value) {
    xml.start("p");
    xml.text(fmt::format("{}: {}", label, value));
    xml.end();
}

std::string localized_path(Language language, std::string_view path) {
    return language == Language::kLt ? std::string(path) : fmt::format("/en{}", path);
}

// The feed element with what RFC 4287 4.1.1 requires of it; the caller adds the entries and
// closes it.
void start_feed(XmlWriter& xml, const FeedContext& context, const PageRenderer& messages,
                std::string_view feed_path, std::string_view title_key) {
    const std::string self = context.base_url + localized_path(context.language, feed_path);
    xml.start("feed", kAtomNamespace);
    xml.attribute("xml:lang", language_code(context.language));
    xml.element("id", self);
    xml.element("title", fmt::format("{}: {}", context.municipality_name,
                                     messages.message(context.language, title_key)));
    xml.element("updated", rfc3339_utc(context.now_unix));
    xml.start("author");
    xml.element("name", context.municipality_name);
    xml.element("uri", context.base_url + std::string(home_path(context.language)));
    xml.end();
    link(xml, "self", "application/atom+xml", self);
    link(xml, "alternate", "text/html",
         context.base_url + std::string(home_path(context.language)));
    xml.element("generator", "councilcast");
}

void category(XmlWriter& xml, std::string_view term, std::string_view label) {
    xml.start("category");
    xml.attribute("term", term);
    xml.attribute("label", label);
    xml.end();
}

// Markdown as plain paragraphs: a feed reader shows the words, and the site shows the markup.
void paragraphs(XmlWriter& xml, const LocalizedText& text, Language language) {
    const std::string& body = text.in(language);
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t end = body.find("\n\n", start);
        if (end == std::string::npos) end = body.size();
        if (end > start) {
            xml.start("p");
            mark_language(xml, text, language);
            xml.text(body.substr(start, end - start));
            xml.end();
        }
        start = end + 2;
    }
}

// The newest `count` of `rows` by `when`, newest first.
template <typename Row, typename When>
std::vector<const Row*> newest(const std::vector<Row>& rows, std::size_t count, When when) {
    std::vector<const Row*> chosen;
    for (const auto& row : rows) chosen.push_back(&row);
    std::stable_sort(chosen.begin(), chosen.end(),
                     [&](const Row* a, const Row* b) { return when(*a) > when(*b); });
    if (chosen.size() > count) chosen.resize(count);
    return chosen;
}

std::string host_of_url(std::string_view base_url) {
    const auto scheme_end = base_url.find("://");
    std::string_view authority =
        scheme_end == std::string_view::npos ? base_url : base_url.substr(scheme_end + 3);
    if (authority.starts_with('['))
        return std::string(authority.substr(0, authority.find(']') + 1));
    return std::string(authority.substr(0, authority.find(':')));
}

icalproperty* with_language(icalproperty* property, const LocalizedText& text, Language language) {
    const Language shown = text.translated(language) ? language : Language::kLt;
    icalproperty_add_parameter(
        property, icalparameter_new_language(std::string(language_code(shown)).c_str()));
    return property;
}

}  // namespace

std::string meetings_atom(const CouncilSnapshot& council, const FeedContext& context,
                          const PageRenderer& messages, const RecordingSummaries& recordings) {
    const Language language = context.language;
    XmlWriter xml;
    start_feed(xml, context, messages, "/feeds/meetings.atom", "feed_meetings_title");
    for (const Meeting* meeting :
         newest(council.meetings, kAtomEntries, [](const Meeting& m) { return m.starts_unix; })) {
        const std::string page =
            context.base_url + localized_path(language, fmt::format("/meetings/{}", meeting->id));
        const std::string status(messages.message(
            language, fmt::format("feed_status_{}", status_name(meeting->status))));
        xml.start("entry");
        xml.element("id", page);
        localized_element(xml, "title", meeting->title, language);
        // The record keeps no edit times. The start is what the feed is ordered by, and it
        // changes only when the meeting moves, so readers do not see every entry as new again
        // whenever anything in the record changes.
        xml.element("updated", rfc3339_utc(meeting->starts_unix));
        link(xml, "alternate", "text/html", page);
        const auto recording = recordings.of_meeting ? recordings.of_meeting(meeting->id)
                                                     : std::optional<RecordingSummary>();
        if (recording) {
            // Podcast-style readers download enclosures: only a finished recording is one.
            // Its size is unknown until the file is made, and RFC 4287 makes length optional.
            if (!recording->live) {
                link(xml, "enclosure", "video/mp4",
                     fmt::format("{}/recordings/{}/meeting.mp4", context.base_url, meeting->id));
            }
            link(xml, "related", "application/vnd.apple.mpegurl",
                 context.base_url + recording->master_playlist);
        }
        category(xml, status_name(meeting->status), status);
        xml.start("content");
        xml.attribute("type", "xhtml");
        xml.start("div", kXhtmlNamespace);
        labelled_paragraph(xml, messages.message(language, "feed_starts"),
                           local_time_text(meeting->starts_unix, language, messages));
        if (!meeting->place.lt.empty()) {
            xml.start("p");
            mark_language(xml, meeting->place, language);
            xml.text(fmt::format("{}: {}", messages.message(language, "feed_place"),
                                 meeting->place.in(language)));
            xml.end();
        }
        labelled_paragraph(xml, messages.message(language, "feed_status"), status);
        if (recording) {
            labelled_paragraph(xml, messages.message(language, "archive_feed_recording"),
                               recording->live ? messages.message(language, "archive_recording_now")
                                               : clock_text(recording->duration_s));
        }
        const auto agenda = council.agenda(meeting->id);
        if (!agenda.empty()) {
            xml.element("p", messages.message(language, "feed_agenda"));
            xml.start("ol");
            for (const auto& item : agenda) localized_element(xml, "li", item.title, language);
            xml.end();
        }
        xml.end();  // div
        xml.end();  // content
        xml.end();  // entry
    }
    xml.end();  // feed
    return xml.finish();
}

std::string decisions_atom(const CouncilSnapshot& council, const FeedContext& context,
                           const PageRenderer& messages) {
    const Language language = context.language;
    XmlWriter xml;
    start_feed(xml, context, messages, "/feeds/decisions.atom", "feed_decisions_title");
    for (const Decision* decision : newest(council.decisions, kAtomEntries,
                                           [](const Decision& d) { return d.decided_unix; })) {
        const std::string page =
            context.base_url + localized_path(language, fmt::format("/decisions/{}", decision->id));
        const std::string outcome(messages.message(
            language, fmt::format("feed_outcome_{}", outcome_name(decision->outcome))));
        const AgendaItem* item = council.agenda_item(decision->agenda_item_id);
        const LocalizedText subject = item ? item->title : LocalizedText{decision->number, ""};
        xml.start("entry");
        xml.element("id", page);
        xml.start("title");
        mark_language(xml, subject, language);
        xml.text(decision->number.empty()
                     ? subject.in(language)
                     : fmt::format("{}: {}", decision->number, subject.in(language)));
        xml.end();
        xml.element("updated", rfc3339_utc(decision->decided_unix));
        link(xml, "alternate", "text/html", page);
        category(xml, outcome_name(decision->outcome), outcome);
        xml.start("content");
        xml.attribute("type", "xhtml");
        xml.start("div", kXhtmlNamespace);
        labelled_paragraph(xml, messages.message(language, "feed_outcome"), outcome);
        labelled_paragraph(xml, messages.message(language, "feed_decided"),
                           local_time_text(decision->decided_unix, language, messages));
        paragraphs(xml, decision->text, language);
        xml.end();  // div
        xml.end();  // content
        xml.end();  // entry
    }
    xml.end();  // feed
    return xml.finish();
}

std::string meetings_ical(const CouncilSnapshot& council, const FeedContext& context,
                          const PageRenderer& messages) {
    const Language language = context.language;
    icaltimezone* utc = icaltimezone_get_utc_timezone();
    const std::string host = host_of_url(context.base_url);
    const std::string language_tag(language_code(language));
    IcalComponentPtr calendar(icalcomponent_new_vcalendar());
    icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(
        calendar.get(),
        icalproperty_new_prodid(
            fmt::format("-//councilcast//Council meetings//{}", language_tag).c_str()));
    icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
    // The name calendar apps show for a subscription (Apple, Google and Outlook read it).
    icalproperty* name =
        icalproperty_new_x(printable(fmt::format("{}: {}", context.municipality_name,
                                                 messages.message(language, "feed_meetings_title")))
                               .c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);

    const icaltimetype stamp =
        icaltime_from_timet_with_zone(static_cast<time_t>(context.now_unix), 0, utc);
    for (const auto& meeting : council.meetings) {
        const bool recent = meeting.starts_unix >= context.now_unix - kCalendarPastSeconds;
        if (!recent && meeting.status != MeetingStatus::kPlanned) continue;
        const std::string page =
            context.base_url + localized_path(language, fmt::format("/meetings/{}", meeting.id));
        icalcomponent* event = icalcomponent_new_vevent();
        icalcomponent_add_component(calendar.get(), event);  // owned by the calendar from here
        icalcomponent_add_property(
            event, icalproperty_new_uid(fmt::format("meeting-{}@{}", meeting.id, host).c_str()));
        icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
        icalcomponent_add_property(event, icalproperty_new_dtstart(icaltime_from_timet_with_zone(
                                              static_cast<time_t>(meeting.starts_unix), 0, utc)));
        icalcomponent_add_property(
            event, icalproperty_new_duration(icaldurationtype_from_int(
                       meeting.kind == MeetingKind::kCouncil ? kCouncilMeetingSeconds
                                                             : kCommitteeMeetingSeconds)));
        icalcomponent_add_property(
            event,
            with_language(icalproperty_new_summary(printable(meeting.title.in(language)).c_str()),
                          meeting.title, language));
        if (!meeting.place.lt.empty()) {
            icalcomponent_add_property(
                event, with_language(
                           icalproperty_new_location(printable(meeting.place.in(language)).c_str()),
                           meeting.place, language));
        }
        icalcomponent_add_property(event, icalproperty_new_url(page.c_str()));
        icalcomponent_add_property(
            event, icalproperty_new_status(meeting.status == MeetingStatus::kCancelled
                                               ? ICAL_STATUS_CANCELLED
                                               : ICAL_STATUS_CONFIRMED));
        std::string description;
        const auto agenda = council.agenda(meeting.id);
        if (!agenda.empty()) {
            description = messages.message(language, "feed_agenda") + ":\n";
            for (const auto& item : agenda) {
                description += fmt::format("{}. {}\n", item.position, item.title.in(language));
            }
            description += "\n";
        }
        description += page;
        icalproperty* details = icalproperty_new_description(printable(description).c_str());
        icalproperty_add_parameter(details, icalparameter_new_language(language_tag.c_str()));
        icalcomponent_add_property(event, details);
    }
    IcalStringPtr text(icalcomponent_as_ical_string_r(calendar.get()));
    if (!text) throw Error("libical: cannot write the calendar");
    return std::string(text.get());
}

}  // namespace councilcast::portal
