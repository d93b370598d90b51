#include "portal/council/council_editor.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;

CouncilEditor::CouncilEditor(const config::Config& config, CouncilStore& store,
                             const Localization& localization)
    : config_(config), store_(store), localization_(localization) {}

namespace {

// The council's public record is the editors' (and administrators') to keep.

}  // namespace

std::vector<NavEntry> CouncilEditor::navigation() {
    // An editor starts from the meetings, before the audit log every staff member sees.
    return {
        {"/staff/meetings", "staff_meetings_title", kEditors, 10},
        {"/staff/council", "staff_council_title", kEditors, std::nullopt},
    };
}

std::vector<PageRoute> CouncilEditor::routes() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    return {
        {verb::get, "/staff/council", kEditors, FormKind::kShort, bind(&CouncilEditor::roster)},
        {verb::post, "/staff/council/group", kEditors, FormKind::kLong,
         bind(&CouncilEditor::save_group)},
        {verb::post, "/staff/council/member", kEditors, FormKind::kUpload,
         bind(&CouncilEditor::save_member)},
        {verb::post, "/staff/council/committee", kEditors, FormKind::kLong,
         bind(&CouncilEditor::save_committee)},
        {verb::get, "/staff/meetings", kEditors, FormKind::kShort, bind(&CouncilEditor::meetings)},
        {verb::post, "/staff/meetings", kEditors, FormKind::kLong,
         bind(&CouncilEditor::add_meeting)},
        {verb::get, "/staff/meeting", kEditors, FormKind::kShort, bind(&CouncilEditor::meeting)},
        {verb::post, "/staff/meeting", kEditors, FormKind::kLong,
         bind(&CouncilEditor::save_meeting)},
        {verb::post, "/staff/meeting/item", kEditors, FormKind::kLong,
         bind(&CouncilEditor::save_item)},
        {verb::post, "/staff/meeting/item/move", kEditors, FormKind::kShort,
         bind(&CouncilEditor::move_item)},
        {verb::post, "/staff/meeting/item/remove", kEditors, FormKind::kShort,
         bind(&CouncilEditor::remove_item)},
        {verb::post, "/staff/meeting/document", kEditors, FormKind::kUpload,
         bind(&CouncilEditor::add_document)},
        {verb::post, "/staff/meeting/document/remove", kEditors, FormKind::kShort,
         bind(&CouncilEditor::remove_document)},
        {verb::post, "/staff/meeting/decision", kEditors, FormKind::kLong,
         bind(&CouncilEditor::save_decision)},
        {verb::post, "/staff/meeting/decision/remove", kEditors, FormKind::kShort,
         bind(&CouncilEditor::remove_decision)},
    };
}

}  // namespace councilcast::portal
