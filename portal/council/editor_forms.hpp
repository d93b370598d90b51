// The pieces the council editors' pages share: staff form fields and forms, the choices a select
// offers, ids read from a form, and the times and sizes an editor reads. For council_editor_*.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_record.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"

namespace councilcast::portal::editor_forms {

using Options = std::vector<std::pair<std::string, std::string>>;

std::string id_text(std::int64_t id);
// "2026-03-05 14:00", Vilnius wall time.
std::string shown_time(const Localization& localization, std::int64_t unix_seconds);
std::string date_of(const Localization& localization, std::int64_t unix_seconds);
// A decision is dated at noon in Vilnius: the same calendar day in UTC, so every page and the
// open-data API agree on its date.
std::optional<std::int64_t> noon_of(const Localization& localization, const std::string& date);

StaffField field(std::string name, std::string label, std::string value, bool required = false);
// A field written in English on a Lithuanian page (or the other way round): marked so screen
// readers and spelling checkers use the right language.
StaffField english(std::string name, std::string label, std::string value);
StaffField long_text(StaffField text, std::string hint);
StaffField choice(std::string name, std::string label, std::string value, Options options);
StaffForm form(std::string id, std::string action, std::string submit,
               std::vector<std::pair<std::string, std::string>> hidden,
               std::vector<StaffField> fields = {});
StaffForm buttons(StaffForm form);

Options kind_options(const PageCall& call);
Options status_options(const PageCall& call);
Options outcome_options(const PageCall& call);
Options position_options(const PageCall& call);

// "" (none) and then the rows, for a select.
template <typename Rows, typename Label>
Options none_and(const PageCall& call, const Rows& rows, Label label) {
    Options options{{"", call.text("editor_none")}};
    for (const auto& row : rows) options.emplace_back(id_text(row.id), label(row));
    return options;
}

std::string optional_id(std::int64_t id);
// An id from a form: the field's own error when it is not one.
std::int64_t required_id(const PageCall& call, std::string_view name);
// Empty means none; anything else must be a row id.
std::optional<std::int64_t> chosen_id(const PageCall& call, std::string_view name,
                                      FormProblems& problems);
std::string markdown_hint(const PageCall& call);
std::string size_text(std::int64_t bytes);
// The form's values kept, to show the refused form again.
FormProblems problems_of(const PageCall& call, std::string form_id);

// Stores `record` unless the form already has problems: `add` (which gives it its id) when
// `adding`, else `update`. A value the store refuses becomes the form's error, for the page.
template <class Record>
boost::asio::awaitable<void> store_record(
    PageCall& call, FormProblems& problems, Record& record, bool adding, CouncilStore& store,
    CouncilStore::Write<std::int64_t> (CouncilStore::*add)(const Record&, AuditNote),
    CouncilStore::Write<std::int64_t> (CouncilStore::*update)(const Record&, AuditNote),
    AuditNote audit) {
    if (!problems.empty()) co_return;
    try {
        if (adding) {
            auto write = (store.*add)(record, std::move(audit));
            record.id = co_await std::move(write);
        } else {
            auto write = (store.*update)(record, std::move(audit));
            co_await std::move(write);
        }
    } catch (const InvalidInput& e) {
        problems.form_error = call.explain(e);
    }
}

}  // namespace councilcast::portal::editor_forms
