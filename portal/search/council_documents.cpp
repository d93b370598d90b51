#include "portal/search/council_documents.hpp"

#include "common/error.hpp"
#include "portal/pages/markdown.hpp"

namespace councilcast::portal {
namespace {

// The words of an editor's Markdown, as a page shows them: no markup to match or to show in a
// snippet. The editor's limit holds every stored text; one past it is indexed as written.
std::string plain(const std::string& markdown) {
    if (markdown.empty()) return {};
    try {
        return markdown_excerpt(markdown, kMaxMarkdownBytes);
    } catch (const InvalidInput&) {
        return markdown;
    }
}

LocalizedText plain(const LocalizedText& markdown) {
    return {plain(markdown.lt), plain(markdown.en)};
}

// "TS-12: title", in both languages.
LocalizedText numbered(const std::string& number, const LocalizedText& title) {
    if (number.empty()) return title;
    return {number + ": " + title.lt, title.en.empty() ? std::string() : number + ": " + title.en};
}

LocalizedText joined(const std::string& first, const LocalizedText& rest) {
    if (first.empty()) return rest;
    auto join = [&](const std::string& text) { return text.empty() ? first : first + ". " + text; };
    return {join(rest.lt), rest.en.empty() ? std::string() : join(rest.en)};
}

}  // namespace

std::vector<SearchDocument> council_documents(const CouncilSnapshot& council,
                                              const SearchSources& sources) {
    std::vector<SearchDocument> documents;
    documents.reserve(council.meetings.size() + council.agenda_items.size() +
                      council.decisions.size());
    for (const Meeting& meeting : council.meetings) {
        documents.push_back({meeting.id, "meeting", meeting.title, meeting.place, std::nullopt});
    }
    for (const AgendaItem& item : council.agenda_items) {
        std::optional<double> t;
        if (sources.agenda_moment) t = sources.agenda_moment(item.meeting_id, item.id);
        documents.push_back({item.meeting_id, "agenda", item.title,
                             joined(item.rapporteur, plain(item.description)), t});
    }
    for (const Decision& decision : council.decisions) {
        const AgendaItem* item = council.agenda_item(decision.agenda_item_id);
        if (!item) continue;
        documents.push_back({item->meeting_id, "decision", numbered(decision.number, item->title),
                             plain(decision.text), std::nullopt});
    }
    return documents;
}

}  // namespace councilcast::portal
