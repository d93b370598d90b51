#include "portal/petitions/petition_views.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <cmath>

#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace {

using Dictionary = ctemplate::TemplateDictionary;

constexpr std::string_view kEmbedLayout = "publish/embed_layout.tpl";
// The widget's iframe, as the meeting widgets are sized for a municipal site's side column.
constexpr int kEmbedWidth = 400;
constexpr int kEmbedHeight = 260;

std::string absolute(const PetitionViewContext& view, std::string_view path) {
    return view.base_url + localised(view.language, path);
}

std::int64_t seconds(std::int64_t unix_ms) {
    return unix_ms / 1000;
}

void set_time(const PetitionViewContext& view, Dictionary& dict, std::int64_t unix_ms) {
    dict.SetValue("datetime", view.localization.machine_datetime(seconds(unix_ms)));
    dict.SetValue("date", view.localization.long_date(view.language, seconds(unix_ms)));
}

// The petition's own language, for screen readers: a petition in English on the Lithuanian
// page is read out in English.
std::string text_language(const Petition& petition) {
    return petition.language == "en" ? "en" : "lt";
}

PageFrame& frame_for(const PetitionViewContext& view, PageFrame& frame, const std::string& title,
                     std::string_view path) {
    frame.og_title = title;
    frame.title = title + " – " + view.municipality_name;
    frame.municipality_name = view.municipality_name;
    frame.nav_current = "petitions";
    frame.alternate_path = localised(other_language(view.language), path);
    if (!view.base_url.empty()) {
        frame.alternate_url = view.base_url + frame.alternate_path;
        frame.canonical_url = absolute(view, path);
    }
    frame.head_links.push_back({"application/atom+xml",
                                localised(view.language, "/petitions/feed.atom"),
                                view.renderer.message(view.language, "petition_list_feed_title")});
    return frame;
}

std::string signatures(const PetitionViewContext& view, std::string_view key, std::int64_t count) {
    return view.renderer.format(view.language, key, {{"count", count}});
}

// The count and the way to the next threshold not yet reached; the thresholds reached, each
// with its day.
void fill_count(const PetitionViewContext& view, const Petition& petition, Dictionary& dict) {
    Dictionary* count = dict.AddIncludeDictionary("COUNT");
    count->SetFilename("petitions/petition_count.tpl");
    count->SetIntValue("id", static_cast<long>(petition.id));
    count->SetValue("signatures",
                    signatures(view, "petition_page_signatures", petition.signature_count));
    const auto& settings = view.settings;
    const std::int64_t total = petition.signature_count;
    auto reached = [&](std::string_view key, std::int64_t threshold, std::int64_t at_ms) {
        const std::string date =
            at_ms > 0 ? view.localization.long_date(view.language, seconds(at_ms)) : std::string();
        count->AddSectionDictionary("REACHED")->SetValue(
            "text",
            view.renderer.format(view.language, key,
                                 {{"threshold", view.localization.number(view.language, threshold)},
                                  {"date", date}}));
    };
    auto to_next = [&](std::string_view key, std::int64_t threshold) {
        Dictionary* next = count->AddSectionDictionary("TO_NEXT");
        next->SetIntValue("threshold", static_cast<long>(threshold));
        next->SetIntValue("value", static_cast<long>(total));
        next->SetValue("text",
                       view.renderer.format(
                           view.language, key,
                           {{"count", threshold - total},
                            {"threshold", view.localization.number(view.language, threshold)}}));
    };
    if (total >= settings.response_threshold) {
        reached("petition_page_response_reached", settings.response_threshold,
                petition.response_threshold_unix_ms);
    }
    if (total >= settings.council_threshold) {
        reached("petition_page_council_reached", settings.council_threshold,
                petition.council_threshold_unix_ms);
    }
    // Only an open petition can still get there.
    if (petition.state != PetitionState::kOpen) return;
    if (total < settings.response_threshold) {
        to_next("petition_page_to_response", settings.response_threshold);
    } else if (total < settings.council_threshold) {
        to_next("petition_page_to_council", settings.council_threshold);
    }
}

std::string state_text(const PetitionViewContext& view, const Petition& petition) {
    return view.renderer.message(
        view.language, "petition_state_" + std::string(petition_state_name(petition.state)));
}

// The elderships in the record's order, then "outside the municipality" where anyone signed
// from there; the bars are on the scale of the largest count.
void fill_elderships(const PetitionViewContext& view, const Petition& petition, Dictionary& dict) {
    Dictionary* section = dict.AddSectionDictionary("ELDERSHIPS");
    if (petition.signature_count == 0) {
        section->ShowSection("NONE");
        return;
    }
    std::vector<std::pair<std::string, std::int64_t>> rows;
    auto count_of = [&](std::int64_t id) -> std::int64_t {
        const auto it = petition.signatures_by_eldership.find(id);
        return it == petition.signatures_by_eldership.end() ? 0 : it->second;
    };
    const std::string outside_name =
        view.renderer.message(view.language, "petition_eldership_outside");
    bool outside_listed = false;
    for (const auto& eldership : view.elderships) {
        outside_listed = outside_listed || eldership.id == kOutsideEldership;
        rows.emplace_back(eldership.id == kOutsideEldership ? outside_name : eldership.name,
                          count_of(eldership.id));
    }
    // Signed while outside signers were allowed: still counted, still shown.
    if (!outside_listed && count_of(kOutsideEldership) > 0) {
        rows.emplace_back(outside_name, count_of(kOutsideEldership));
    }
    std::int64_t largest = 1;
    std::int64_t total = 0;
    for (const auto& [name, count] : rows) {
        largest = std::max(largest, count);
        total += count;
    }
    Dictionary* some = section->AddSectionDictionary("SOME");
    for (const auto& [name, count] : rows) {
        Dictionary* bar = some->AddSectionDictionary("BAR");
        bar->SetValue("name", name);
        bar->SetValue("count", view.localization.number(view.language, count));
        bar->SetValue("width", fmt::format("{:.1f}", 100.0 * static_cast<double>(count) /
                                                         static_cast<double>(largest)));
        Dictionary* row = some->AddSectionDictionary("ROW");
        row->SetValue("name", name);
        row->SetValue("count", view.localization.number(view.language, count));
        const auto percent = static_cast<std::int64_t>(
            std::lround(100.0 * static_cast<double>(count) /
                        static_cast<double>(std::max<std::int64_t>(total, 1))));
        row->SetValue("share", view.renderer.format(view.language, "petition_page_percent",
                                                    {{"percent", percent}}));
    }
}

void fill_paragraphs(std::string_view text, Dictionary& dict, const std::string& lang) {
    for (const auto& paragraph : petition_paragraphs(text)) {
        Dictionary* row = dict.AddSectionDictionary("PARAGRAPH");
        row->SetValue("text", paragraph);
        row->SetValue("text_lang", lang);
    }
}

void fill_response(const PetitionViewContext& view, const Petition& petition, Dictionary& dict) {
    if (!petition.response) return;
    const PetitionResponse& response = *petition.response;
    Dictionary* section = dict.AddSectionDictionary("RESPONSE");
    set_time(view, *section, response.answered_unix_ms);
    fill_paragraphs(response.text, *section, text_language(petition));
    if (response.meeting_id > 0) {
        Dictionary* meeting = section->AddSectionDictionary("MEETING");
        meeting->SetValue(
            "href", localised(view.language, fmt::format("/meetings/{}", response.meeting_id)));
        meeting->SetValue("title",
                          view.renderer.message(view.language, "petition_page_meeting_link"));
    }
    if (!response.decision.empty()) {
        section->AddSectionDictionary("DECISION")->SetValue("text", response.decision);
    }
}

void fill_rejection(const PetitionViewContext& view, const PetitionsSnapshot& snapshot,
                    const Petition& petition, Dictionary& dict) {
    if (petition.state != PetitionState::kRejected || !petition.rejection) return;
    const PetitionRejection& rejection = *petition.rejection;
    Dictionary* section = dict.AddSectionDictionary("REJECTED");
    section->SetValue(
        "reason", view.renderer.message(
                      view.language,
                      "petition_reason_" + std::string(rejection_reason_name(rejection.reason))));
    if (!rejection.text.empty()) {
        section->AddSectionDictionary("TEXT")->SetValue("text", rejection.text);
    }
    if (rejection.duplicate_of > 0) {
        const Petition* original = snapshot.petition(rejection.duplicate_of);
        if (original && publicly_visible(*original)) {
            Dictionary* duplicate = section->AddSectionDictionary("DUPLICATE");
            duplicate->SetValue("href", localised(view.language, petition_path(original->id)));
            duplicate->SetValue("title", original->title);
            duplicate->SetValue("title_lang", text_language(*original));
        }
    }
}

std::string iframe_code(std::string_view url, std::string_view title) {
    return fmt::format(
        "<iframe src=\"{}\" title=\"{}\" width=\"{}\" height=\"{}\" style=\"border:0\"></iframe>",
        html_escape(url), html_escape(title), kEmbedWidth, kEmbedHeight);
}

}  // namespace

std::vector<std::string> petition_paragraphs(std::string_view text) {
    std::vector<std::string> paragraphs;
    std::string current;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        while (!line.empty() &&
               (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
            line.remove_prefix(1);
        if (line.empty()) {
            if (!current.empty()) paragraphs.push_back(std::move(current));
            current.clear();
        } else {
            if (!current.empty()) current += ' ';
            current += line;
        }
        start = end + 1;
    }
    if (!current.empty()) paragraphs.push_back(std::move(current));
    return paragraphs;
}

std::string render_petition_list(const PetitionViewContext& view, const PetitionsSnapshot& snapshot,
                                 const PetitionListQuery& query, PageFrame frame) {
    const PetitionSearch search(query.q);
    const auto petitions = list_petitions(snapshot, query.show, query.order, search);
    const std::string title = view.renderer.message(view.language, "petition_list_title");
    frame_for(view, frame, title, "/petitions");
    frame.description = view.renderer.message(view.language, "petition_list_description");
    const std::size_t pages =
        std::max<std::size_t>(1, (petitions.size() + kPetitionsPerPage - 1) / kPetitionsPerPage);
    return view.renderer.render(
        "petitions/petition_list.tpl", view.language, frame, [&](Dictionary& body) {
            body.SetValue("action", localised(view.language, "/petitions"));
            body.SetValue("start_href", localised(view.language, "/petitions/new"));
            body.SetValue("feed_href", localised(view.language, "/petitions/feed.atom"));
            body.SetValue("q", query.q);
            body.SetIntValue("max_length", static_cast<long>(kMaxPetitionQueryCharacters));
            for (const auto show : {PetitionShow::kOpen, PetitionShow::kAnswered,
                                    PetitionShow::kClosed, PetitionShow::kRejected}) {
                Dictionary* option = body.AddSectionDictionary("SHOW");
                const std::string name(petition_show_name(show));
                option->SetValue("value", name);
                option->SetValue(
                    "text", view.renderer.message(view.language, "petition_list_show_" + name));
                if (show == query.show) option->ShowSection("SELECTED");
            }
            for (const auto order : {PetitionOrder::kPopular, PetitionOrder::kNewest}) {
                Dictionary* option = body.AddSectionDictionary("SORT");
                const std::string name(petition_order_name(order));
                option->SetValue("value", name);
                option->SetValue(
                    "text", view.renderer.message(view.language, "petition_list_sort_" + name));
                if (order == query.order) option->ShowSection("SELECTED");
            }
            body.SetValue("count", view.renderer.format(
                                       view.language, "petition_list_count",
                                       {{"count", static_cast<std::int64_t>(petitions.size())}}));
            const std::size_t first = (query.page - 1) * kPetitionsPerPage;
            if (petitions.empty() || first >= petitions.size()) {
                body.ShowSection("NOTHING");
            } else {
                Dictionary* list = body.AddSectionDictionary("PETITIONS");
                const std::size_t last = std::min(petitions.size(), first + kPetitionsPerPage);
                for (std::size_t i = first; i < last; ++i) {
                    const Petition& petition = *petitions[i];
                    Dictionary* item = list->AddSectionDictionary("PETITION");
                    item->SetValue("href", localised(view.language, petition_path(petition.id)));
                    item->SetValue("title", petition.title);
                    item->SetValue("title_lang", text_language(petition));
                    item->SetValue("signatures", signatures(view, "petition_list_signatures",
                                                            petition.signature_count));
                    std::string when_key = "petition_list_opened";
                    std::int64_t when_ms = petition.opened_unix_ms;
                    if (petition.state == PetitionState::kAnswered && petition.response) {
                        when_key = "petition_list_answered";
                        when_ms = petition.response->answered_unix_ms;
                    } else if (petition.state == PetitionState::kClosed) {
                        when_key = "petition_list_closed";
                        when_ms = petition.closed_unix_ms;
                    } else if (petition.state == PetitionState::kRejected) {
                        when_key = "petition_list_rejected";
                        when_ms = petition.rejected_unix_ms;
                    }
                    item->SetValue("when_label", view.renderer.message(view.language, when_key));
                    set_time(view, *item, when_ms);
                    if (petition.state == PetitionState::kOpen) {
                        set_time(view, *item->AddSectionDictionary("CLOSES"),
                                 petition.closes_unix_ms);
                    }
                }
            }
            if (pages > 1) {
                Dictionary* paging = body.AddSectionDictionary("PAGING");
                paging->SetValue(
                    "where", view.renderer.format(view.language, "petition_list_page_of",
                                                  {{"page", static_cast<std::int64_t>(query.page)},
                                                   {"pages", static_cast<std::int64_t>(pages)}}));
                const std::string base = fmt::format(
                    "{}?show={}&sort={}&q={}", localised(view.language, "/petitions"),
                    petition_show_name(query.show), petition_order_name(query.order),
                    std::string(boost::urls::encode(query.q, boost::urls::unreserved_chars)));
                if (query.page > 1) {
                    paging->AddSectionDictionary("PREVIOUS")
                        ->SetValue("href", fmt::format("{}&page={}", base, query.page - 1));
                }
                if (query.page < pages) {
                    paging->AddSectionDictionary("NEXT")->SetValue(
                        "href", fmt::format("{}&page={}", base, query.page + 1));
                }
            }
        });
}

std::string render_petition_page(const PetitionViewContext& view, const PetitionsSnapshot& snapshot,
                                 const Petition& petition, PageFrame frame) {
    const std::string path = petition_path(petition.id);
    frame_for(view, frame, petition.title, path);
    if (!petition.hidden) {
        const auto paragraphs = petition_paragraphs(petition.text);
        if (!paragraphs.empty()) frame.description = paragraphs.front().substr(0, 300);
        frame.og_type = "article";
    }
    return view.renderer.render(
        "petitions/petition_page.tpl", view.language, frame, [&](Dictionary& body) {
            body.SetValue("list_href", localised(view.language, "/petitions"));
            body.SetValue("title", petition.title);
            body.SetValue("title_lang", text_language(petition));
            if (petition.hidden) {
                Dictionary* hidden = body.AddSectionDictionary("HIDDEN");
                if (!petition.hidden_reason.empty()) {
                    hidden->AddSectionDictionary("REASON")->SetValue("text",
                                                                     petition.hidden_reason);
                }
                return;
            }
            Dictionary* shown = body.AddSectionDictionary("SHOWN");
            shown->SetValue("state", state_text(view, petition));
            shown->SetValue("state_class", std::string(petition_state_name(petition.state)));
            shown->SetValue("creator", petition.creator_name);
            if (petition.opened_unix_ms > 0) {
                set_time(view, *shown->AddSectionDictionary("OPENED"), petition.opened_unix_ms);
            }
            if (petition.state == PetitionState::kOpen) {
                set_time(view, *shown->AddSectionDictionary("CLOSES"), petition.closes_unix_ms);
            } else if (petition.closed_unix_ms > 0) {
                set_time(view, *shown->AddSectionDictionary("CLOSED"), petition.closed_unix_ms);
            }
            fill_rejection(view, snapshot, petition, *shown);
            if (!petition.stop_reason.empty()) {
                shown->AddSectionDictionary("STOPPED")->SetValue("text", petition.stop_reason);
            }
            if (petition.state != PetitionState::kRejected) {
                Dictionary* counted = shown->AddSectionDictionary("COUNTED");
                fill_count(view, petition, *counted);
                if (petition.state == PetitionState::kOpen) {
                    counted->AddSectionDictionary("SIGN")->SetValue(
                        "href", localised(view.language, path + "/sign"));
                } else {
                    counted->ShowSection("NOT_SIGNING");
                }
                fill_elderships(view, petition, *shown);
            }
            fill_response(view, petition, *shown);
            fill_paragraphs(petition.text, *shown, text_language(petition));
            shown->SetValue("share_url", view.base_url.empty() ? localised(view.language, path)
                                                               : absolute(view, path));
            if (!view.base_url.empty()) {
                shown->AddSectionDictionary("EMBED_CODE")
                    ->SetValue(
                        "code",
                        iframe_code(absolute(view, fmt::format("/embed/petition/{}", petition.id)),
                                    petition.title));
            }
        });
}

std::string render_petition_embed(const PetitionViewContext& view, const Petition& petition,
                                  PageFrame frame) {
    const std::string path = petition_path(petition.id);
    frame.title = petition.title + " – " + view.municipality_name;
    frame.municipality_name = view.municipality_name;
    if (!view.base_url.empty()) frame.canonical_url = absolute(view, path);
    return view.renderer.render(
        "petitions/petition_embed.tpl", view.language, frame,
        [&](Dictionary& body) {
            body.SetValue("title", petition.title);
            body.SetValue("title_lang", text_language(petition));
            body.SetValue("page_url", absolute(view, path));
            body.SetValue("state", state_text(view, petition));
            body.SetValue("state_class", std::string(petition_state_name(petition.state)));
            if (petition.state == PetitionState::kOpen) {
                set_time(view, *body.AddSectionDictionary("CLOSES"), petition.closes_unix_ms);
                body.AddSectionDictionary("SIGN")->SetValue("href", absolute(view, path + "/sign"));
            }
            fill_count(view, petition, body);
        },
        kEmbedLayout);
}

}  // namespace councilcast::portal
