#include "portal/council/editor_forms.hpp"

#include <fmt/core.h>

#include "common/error.hpp"

namespace councilcast::portal::editor_forms {

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

}  // namespace

std::string id_text(std::int64_t id) {
    return std::to_string(id);
}

std::string shown_time(const Localization& localization, std::int64_t unix_seconds) {
    std::string time = localization.datetime_local(unix_seconds);
    time[10] = ' ';
    return time;
}

std::string date_of(const Localization& localization, std::int64_t unix_seconds) {
    return localization.datetime_local(unix_seconds).substr(0, 10);
}

// A decision is dated at noon in Vilnius: the same calendar day in UTC, so every page and the
// open-data API agree on its date.
std::optional<std::int64_t> noon_of(const Localization& localization, const std::string& date) {
    if (date.size() != 10) return std::nullopt;
    return localization.parse_datetime_local(date + "T12:00");
}

StaffField field(std::string name, std::string label, std::string value, bool required) {
    StaffField field;
    field.name = std::move(name);
    field.label = std::move(label);
    field.value = std::move(value);
    field.required = required;
    return field;
}

// A field written in English on a Lithuanian page (or the other way round): marked so screen
// readers and spelling checkers use the right language.
StaffField english(std::string name, std::string label, std::string value) {
    StaffField english = field(std::move(name), std::move(label), std::move(value));
    english.lang = "en";
    return english;
}

StaffField long_text(StaffField text, std::string hint) {
    text.control = Control::kTextarea;
    text.hint = std::move(hint);
    return text;
}

StaffField choice(std::string name, std::string label, std::string value, Options options) {
    StaffField choice = field(std::move(name), std::move(label), std::move(value));
    choice.control = Control::kSelect;
    choice.options = std::move(options);
    return choice;
}

StaffForm form(std::string id, std::string action, std::string submit,
               std::vector<std::pair<std::string, std::string>> hidden,
               std::vector<StaffField> fields) {
    StaffForm form;
    form.id = std::move(id);
    form.action = std::move(action);
    form.submit = std::move(submit);
    form.hidden = std::move(hidden);
    form.fields = std::move(fields);
    return form;
}

StaffForm buttons(StaffForm form) {
    form.compact = true;
    return form;
}

Options kind_options(const PageCall& call) {
    return {{"council", call.text("meeting_kind_council")},
            {"committee", call.text("meeting_kind_committee")}};
}

Options status_options(const PageCall& call) {
    Options options;
    for (auto status : {MeetingStatus::kPlanned, MeetingStatus::kLive, MeetingStatus::kEnded,
                        MeetingStatus::kCancelled}) {
        const std::string name(status_name(status));
        options.emplace_back(name, call.text("meeting_status_" + name));
    }
    return options;
}

Options outcome_options(const PageCall& call) {
    Options options;
    for (auto outcome :
         {DecisionOutcome::kAdopted, DecisionOutcome::kRejected, DecisionOutcome::kPostponed}) {
        const std::string name(outcome_name(outcome));
        options.emplace_back(name, call.text("outcome_" + name));
    }
    return options;
}

Options position_options(const PageCall& call) {
    Options options;
    for (auto position :
         {CouncilPosition::kMember, CouncilPosition::kChair, CouncilPosition::kDeputyChair}) {
        const std::string name(position_name(position));
        options.emplace_back(name, call.text("position_" + name));
    }
    return options;
}

std::string optional_id(std::int64_t id) {
    return id == 0 ? std::string() : id_text(id);
}

// An id from a form: the field's own error when it is not one.
std::int64_t required_id(const PageCall& call, std::string_view name) {
    const auto id = parse_id(call.form().get(name));
    if (!id) throw InvalidInput::text("council_bad_record_number");
    return *id;
}

// Empty means none; anything else must be a row id.
std::optional<std::int64_t> chosen_id(const PageCall& call, std::string_view name,
                                      FormProblems& problems) {
    const std::string text = call.form().get(name);
    if (text.empty()) return 0;
    const auto id = parse_id(text);
    if (!id) problems.field_errors[std::string(name)] = call.text("editor_error_choice");
    return id;
}

std::string markdown_hint(const PageCall& call) {
    return call.text("editor_markdown_hint");
}

std::string size_text(std::int64_t bytes) {
    return bytes >= kMiB ? fmt::format("{:.1f} MiB", static_cast<double>(bytes) / kMiB)
                         : fmt::format("{} KiB", (bytes + 1023) / 1024);
}

FormProblems problems_of(const PageCall& call, std::string form_id) {
    FormProblems problems;
    problems.form_id = std::move(form_id);
    problems.values = call.form();
    return problems;
}
}  // namespace councilcast::portal::editor_forms
