#include "portal/council/council_editor.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Options = std::vector<std::pair<std::string, std::string>>;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;

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

StaffField field(std::string name, std::string label, std::string value, bool required = false) {
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
               std::vector<StaffField> fields = {}) {
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

// What changed, for the audit log: the names of the fields whose values differ.
class Changes {
  public:
    template <typename Value>
    Changes& compare(std::string_view name, const Value& before, const Value& after) {
        if (!(before == after)) names_.emplace_back(name);
        return *this;
    }
    std::string detail() const {
        if (names_.empty()) return "no change";
        std::string detail = "changed:";
        for (const auto& name : names_) detail += " " + name;
        return detail;
    }

  private:
    std::vector<std::string> names_;
};

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

std::optional<CouncilPosition> parse_position(std::string_view name) {
    for (auto position :
         {CouncilPosition::kMember, CouncilPosition::kChair, CouncilPosition::kDeputyChair}) {
        if (position_name(position) == name) return position;
    }
    return std::nullopt;
}

// "" (none) and then the rows, for a select.
template <typename Rows, typename Label>
Options none_and(const PageCall& call, const Rows& rows, Label label) {
    Options options{{"", call.text("editor_none")}};
    for (const auto& row : rows) options.emplace_back(id_text(row.id), label(row));
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

}  // namespace

CouncilEditor::CouncilEditor(const config::Config& config, CouncilStore& store,
                             const Localization& localization)
    : config_(config), store_(store), localization_(localization) {}

namespace {

// The council's public record is the editors' (and administrators') to keep.
constexpr Access kEditors = Access::any_of(Roles(Role::kEditor) | Role::kAdmin);

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

// ---- the roster

asio::awaitable<Response> CouncilEditor::roster(PageCall& call) {
    co_return roster_page(call, nullptr);
}

Response CouncilEditor::roster_page(PageCall& call, const FormProblems* problems) const {
    const auto snapshot = store_.snapshot();
    const Language language = call.language();
    auto chosen = [&](std::string_view form_id, std::string_view field, std::string_view query) {
        return parse_id(problems && problems->form_id == form_id ? problems->values.get(field)
                                                                 : call.query(query));
    };
    const auto member_id = chosen("member", "member_id", "member");
    const CouncilMember* member = member_id ? snapshot->member(*member_id) : nullptr;
    const auto committee_id = chosen("committee", "committee_id", "committee");
    const Committee* committee = committee_id ? snapshot->committee(*committee_id) : nullptr;
    auto name_of = [&](std::int64_t id) {
        const CouncilMember* found = snapshot->member(id);
        return found ? found->name : std::string();
    };
    auto group_fields = [&](const CouncilGroup& group) {
        return std::vector<StaffField>{
            field("name_lt", call.text("field_name_lt"), group.name.lt, true),
            english("name_en", call.text("field_name_en"), group.name.en),
            field("abbreviation", call.text("field_abbreviation"), group.abbreviation)};
    };

    StaffForms forms(call.csrf_token(), problems);
    const std::string self = call.path("/staff/council");
    return call.staff_page(
        "staff_council.tpl", call.text("staff_council_title"),
        problems ? http::status::unprocessable_entity : http::status::ok,
        [&](ctemplate::TemplateDictionary& body) {
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
            for (const auto& group : snapshot->groups) {
                auto* row = body.AddSectionDictionary("GROUP");
                row->SetValue("name", group.name.in(language));
                if (!group.abbreviation.empty()) {
                    row->AddSectionDictionary("ABBREVIATION")->SetValue("text", group.abbreviation);
                }
                if (forms.place(*row, "GROUP_FORM",
                                form("group-" + id_text(group.id),
                                     call.path("/staff/council/group"), call.text("editor_save"),
                                     {{"group_id", id_text(group.id)}}, group_fields(group)))) {
                    row->ShowSection("OPEN");
                }
            }
            forms.place(body, "GROUP_NEW_FORM",
                        form("group-new", call.path("/staff/council/group"),
                             call.text("council_group_add"), {}, group_fields({})));

            for (const auto& row_member : snapshot->members) {
                auto* row = body.AddSectionDictionary("MEMBER");
                row->SetValue("name", row_member.name);
                row->SetValue("href", self + "?member=" + id_text(row_member.id) + "#member");
                const CouncilGroup* group = snapshot->group(row_member.group_id);
                row->SetValue("group", group ? group->name.in(language) : "");
                row->SetValue(
                    "position",
                    call.text("position_" + std::string(position_name(row_member.position))));
                row->SetValue("term", row_member.term_start + " – " + row_member.term_end);
            }
            const CouncilMember shown = member ? *member : CouncilMember{};
            body.SetValue("member_heading",
                          member ? call.text("council_member_edit", "name", member->name)
                                 : call.text("council_member_add"));
            if (member) body.AddSectionDictionary("MEMBER_ADD")->SetValue("href", self + "#member");
            StaffField photo = field("photo", call.text("field_photo"), "");
            photo.control = Control::kFile;
            photo.accept = "image/jpeg,image/png";
            photo.hint =
                call.text("field_photo_hint", "size",
                          size_text(static_cast<std::int64_t>(config_.http.max_upload_bytes)));
            StaffField term_start =
                field("term_start", call.text("field_term_start"), shown.term_start, true);
            term_start.control = Control::kDate;
            StaffField term_end = field("term_end", call.text("field_term_end"), shown.term_end);
            term_end.control = Control::kDate;
            term_end.hint = call.text("field_term_end_hint");
            std::vector<StaffField> member_fields{
                field("name", call.text("field_person_name"), shown.name, true),
                choice("group_id", call.text("field_group"), optional_id(shown.group_id),
                       none_and(call, snapshot->groups,
                                [&](const CouncilGroup& g) { return g.name.in(language); })),
                choice("position", call.text("field_position"),
                       std::string(position_name(shown.position)), position_options(call)),
                term_start,
                term_end,
                long_text(
                    field("biography_lt", call.text("field_biography_lt"), shown.biography.lt),
                    markdown_hint(call)),
                long_text(
                    english("biography_en", call.text("field_biography_en"), shown.biography.en),
                    markdown_hint(call)),
                photo};
            if (!shown.photo.empty()) {
                StaffField remove = field("remove_photo", call.text("field_remove_photo"), "");
                remove.control = Control::kCheckbox;
                member_fields.push_back(remove);
            }
            StaffForm member_form = form(
                "member", call.path("/staff/council/member"),
                call.text(member ? "editor_save" : "council_member_add"),
                member ? std::vector<std::pair<std::string, std::string>>{{"member_id",
                                                                           id_text(member->id)}}
                       : std::vector<std::pair<std::string, std::string>>{},
                member_fields);
            member_form.multipart = true;
            forms.place(body, "MEMBER_FORM", member_form);

            for (const auto& row_committee : snapshot->committees) {
                auto* row = body.AddSectionDictionary("COMMITTEE");
                row->SetValue("name", row_committee.name.in(language));
                row->SetValue("href",
                              self + "?committee=" + id_text(row_committee.id) + "#committee");
                row->SetValue("chair", name_of(row_committee.chair_member_id));
                row->SetValue("members", std::to_string(row_committee.member_ids.size()));
            }
            const Committee shown_committee = committee ? *committee : Committee{};
            body.SetValue("committee_heading", committee
                                                   ? call.text("council_committee_edit", "name",
                                                               committee->name.in(language))
                                                   : call.text("council_committee_add"));
            if (committee) {
                body.AddSectionDictionary("COMMITTEE_ADD")->SetValue("href", self + "#committee");
            }
            StaffField seats = field("member_id", call.text("field_committee_members"), "");
            seats.control = Control::kCheckboxes;
            for (const auto& row_member : snapshot->members) {
                seats.options.emplace_back(id_text(row_member.id), row_member.name);
            }
            for (std::int64_t id : shown_committee.member_ids) seats.values.push_back(id_text(id));
            forms.place(
                body, "COMMITTEE_FORM",
                form(
                    "committee", call.path("/staff/council/committee"),
                    call.text(committee ? "editor_save" : "council_committee_add"),
                    committee
                        ? std::vector<std::pair<std::string, std::string>>{{"committee_id",
                                                                            id_text(committee->id)}}
                        : std::vector<std::pair<std::string, std::string>>{},
                    {field("name_lt", call.text("field_name_lt"), shown_committee.name.lt, true),
                     english("name_en", call.text("field_name_en"), shown_committee.name.en),
                     field("remit_lt", call.text("field_remit_lt"), shown_committee.remit.lt),
                     english("remit_en", call.text("field_remit_en"), shown_committee.remit.en),
                     choice("chair_member_id", call.text("field_committee_chair"),
                            optional_id(shown_committee.chair_member_id),
                            none_and(call, snapshot->members,
                                     [](const CouncilMember& m) { return m.name; })),
                     seats}));
            forms.summarise(body);
        });
}

asio::awaitable<Response> CouncilEditor::save_group(PageCall& call) {
    const auto id = parse_id(call.form().get("group_id"));
    FormProblems problems = problems_of(call, id ? "group-" + id_text(*id) : "group-new");
    CouncilGroup group{id.value_or(0),
                       {call.form().get("name_lt"), call.form().get("name_en")},
                       call.form().get("abbreviation")};
    if (group.name.lt.empty())
        problems.field_errors["name_lt"] = call.text("editor_error_required");
    const auto before = store_.snapshot();
    const CouncilGroup* old = id ? before->group(*id) : nullptr;
    auto audit = [&](std::int64_t group_id) {
        return call.audit_entry(
            id ? "council.group.update" : "council.group.add",
            fmt::format("group {}: {}", group_id, group.name.lt),
            old ? Changes()
                      .compare("name_lt", old->name.lt, group.name.lt)
                      .compare("name_en", old->name.en, group.name.en)
                      .compare("abbreviation", old->abbreviation, group.abbreviation)
                      .detail()
                : "");
    };
    if (problems.empty()) {
        try {
            if (id) {
                auto write = store_.update_group(group, audit);
                co_await std::move(write);
            } else {
                auto write = store_.add_group(group, audit);
                group.id = co_await std::move(write);
            }
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return roster_page(call, &problems);
    co_return call.redirect(call.path("/staff/council") + "?saved=1#groups");
}

asio::awaitable<Response> CouncilEditor::save_member(PageCall& call) {
    const FormData& values = call.form();
    const auto id = parse_id(values.get("member_id"));
    FormProblems problems = problems_of(call, "member");
    CouncilMember member;
    member.id = id.value_or(0);
    member.name = values.get("name");
    member.group_id = chosen_id(call, "group_id", problems).value_or(0);
    member.term_start = values.get("term_start");
    member.term_end = values.get("term_end");
    member.biography = {values.get("biography_lt"), values.get("biography_en")};
    if (auto position = parse_position(values.get("position"))) {
        member.position = *position;
    } else {
        problems.field_errors["position"] = call.text("editor_error_choice");
    }
    if (member.name.empty()) problems.field_errors["name"] = call.text("editor_error_required");
    if (member.term_start.empty()) {
        problems.field_errors["term_start"] = call.text("editor_error_required");
    }
    std::optional<CheckedUpload> photo;
    if (const UploadedFile* file = call.file("photo")) {
        try {
            photo = uploads_.check(*file, UploadKind::kPhoto);
        } catch (const InvalidInput& e) {
            problems.field_errors["photo"] = call.explain(e);
        }
    }
    const auto before = store_.snapshot();
    const CouncilMember* old = id ? before->member(*id) : nullptr;
    auto target = [&](std::int64_t member_id) {
        return fmt::format("member {}: {}", member_id, member.name);
    };
    auto audit = [&](std::int64_t member_id) {
        return call.audit_entry(
            id ? "council.member.update" : "council.member.add", target(member_id),
            old ? Changes()
                      .compare("name", old->name, member.name)
                      .compare("group", old->group_id, member.group_id)
                      .compare("position", old->position, member.position)
                      .compare("term_start", old->term_start, member.term_start)
                      .compare("term_end", old->term_end, member.term_end)
                      .compare("biography_lt", old->biography.lt, member.biography.lt)
                      .compare("biography_en", old->biography.en, member.biography.en)
                      .detail()
                : "");
    };
    if (problems.empty()) {
        try {
            if (id) {
                auto write = store_.update_member(member, audit);
                co_await std::move(write);
            } else {
                auto write = store_.add_member(member, audit);
                member.id = co_await std::move(write);
            }
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return roster_page(call, &problems);
    if (photo) {
        const std::string& bytes = call.file("photo")->bytes;
        const std::string stored = CouncilStore::photo_name(bytes, photo->content_type);
        auto write =
            store_.set_member_photo(member.id, bytes, photo->content_type, [&](std::int64_t) {
                return call.audit_entry(
                    "council.member.photo", target(member.id),
                    fmt::format("{} ({}, {} bytes) stored as {}", photo->file_name,
                                photo->content_type, bytes.size(), stored));
            });
        co_await std::move(write);
    } else if (values.get("remove_photo") == "1") {
        auto write = store_.remove_member_photo(member.id, [&](std::int64_t) {
            return call.audit_entry("council.member.photo_remove", target(member.id), "");
        });
        co_await std::move(write);
    }
    co_return call.redirect(call.path("/staff/council") + "?saved=1#members");
}

asio::awaitable<Response> CouncilEditor::save_committee(PageCall& call) {
    const FormData& values = call.form();
    const auto id = parse_id(values.get("committee_id"));
    FormProblems problems = problems_of(call, "committee");
    Committee committee;
    committee.id = id.value_or(0);
    committee.name = {values.get("name_lt"), values.get("name_en")};
    committee.remit = {values.get("remit_lt"), values.get("remit_en")};
    committee.chair_member_id = chosen_id(call, "chair_member_id", problems).value_or(0);
    for (const auto& text : values.all("member_id")) {
        if (auto member_id = parse_id(text)) {
            committee.member_ids.push_back(*member_id);
        } else {
            problems.field_errors["member_id"] = call.text("editor_error_choice");
        }
    }
    if (committee.name.lt.empty()) {
        problems.field_errors["name_lt"] = call.text("editor_error_required");
    }
    const auto before = store_.snapshot();
    const Committee* old = id ? before->committee(*id) : nullptr;
    // The seats as the store keeps them: the chair among them, each once, in order.
    std::vector<std::int64_t> seats = committee.member_ids;
    if (committee.chair_member_id != 0) seats.push_back(committee.chair_member_id);
    std::sort(seats.begin(), seats.end());
    seats.erase(std::unique(seats.begin(), seats.end()), seats.end());
    auto audit = [&](std::int64_t committee_id) {
        return call.audit_entry(
            id ? "council.committee.update" : "council.committee.add",
            fmt::format("committee {}: {}", committee_id, committee.name.lt),
            old ? Changes()
                      .compare("name_lt", old->name.lt, committee.name.lt)
                      .compare("name_en", old->name.en, committee.name.en)
                      .compare("remit_lt", old->remit.lt, committee.remit.lt)
                      .compare("remit_en", old->remit.en, committee.remit.en)
                      .compare("chair", old->chair_member_id, committee.chair_member_id)
                      .compare("members", old->member_ids, seats)
                      .detail()
                : "");
    };
    if (problems.empty()) {
        try {
            if (id) {
                auto write = store_.update_committee(committee, audit);
                co_await std::move(write);
            } else {
                auto write = store_.add_committee(committee, audit);
                committee.id = co_await std::move(write);
            }
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return roster_page(call, &problems);
    co_return call.redirect(call.path("/staff/council") + "?saved=1#committees");
}

// ---- meetings

std::vector<StaffField> CouncilEditor::meeting_fields(PageCall& call,
                                                      const Meeting& meeting) const {
    const auto snapshot = store_.snapshot();
    const Language language = call.language();
    Options channels{{"", call.text("meeting_not_broadcast")}};
    for (const auto& channel : config_.channels) {
        channels.emplace_back(channel.id,
                              language == Language::kLt ? channel.title_lt : channel.title_en);
    }
    StaffField committee =
        choice("committee_id", call.text("field_committee"), optional_id(meeting.committee_id),
               none_and(call, snapshot->committees,
                        [&](const Committee& c) { return c.name.in(language); }));
    committee.hint = call.text("field_committee_hint");
    StaffField starts =
        field("starts", call.text("field_starts"),
              meeting.starts_unix ? localization_.datetime_local(meeting.starts_unix) : "", true);
    starts.control = Control::kDateTimeLocal;
    starts.hint = call.text("field_starts_hint");
    return {choice("kind", call.text("field_meeting_kind"), std::string(kind_name(meeting.kind)),
                   kind_options(call)),
            committee,
            field("title_lt", call.text("field_title_lt"), meeting.title.lt, true),
            english("title_en", call.text("field_title_en"), meeting.title.en),
            starts,
            field("place_lt", call.text("field_place_lt"), meeting.place.lt),
            english("place_en", call.text("field_place_en"), meeting.place.en),
            choice("status", call.text("field_status"), std::string(status_name(meeting.status)),
                   status_options(call)),
            choice("channel_id", call.text("field_channel"), meeting.channel_id, channels)};
}

std::optional<Meeting> CouncilEditor::read_meeting(PageCall& call, FormProblems& problems) const {
    const FormData& values = call.form();
    Meeting meeting;
    if (auto kind = parse_kind(values.get("kind"))) {
        meeting.kind = *kind;
    } else {
        problems.field_errors["kind"] = call.text("editor_error_choice");
    }
    const auto committee = chosen_id(call, "committee_id", problems);
    meeting.committee_id = meeting.kind == MeetingKind::kCommittee ? committee.value_or(0) : 0;
    if (meeting.kind == MeetingKind::kCommittee && committee == 0) {
        problems.field_errors["committee_id"] = call.text("editor_error_committee");
    }
    meeting.title = {values.get("title_lt"), values.get("title_en")};
    if (meeting.title.lt.empty()) {
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    }
    if (auto starts = localization_.parse_datetime_local(values.get("starts"))) {
        meeting.starts_unix = *starts;
    } else {
        problems.field_errors["starts"] = call.text("editor_error_datetime");
    }
    meeting.place = {values.get("place_lt"), values.get("place_en")};
    if (auto status = parse_status(values.get("status"))) {
        meeting.status = *status;
    } else {
        problems.field_errors["status"] = call.text("editor_error_choice");
    }
    meeting.channel_id = values.get("channel_id");
    const bool known_channel =
        meeting.channel_id.empty() ||
        std::any_of(config_.channels.begin(), config_.channels.end(),
                    [&](const config::Channel& c) { return c.id == meeting.channel_id; });
    if (!known_channel) problems.field_errors["channel_id"] = call.text("editor_error_choice");
    if (!problems.empty()) return std::nullopt;
    return meeting;
}

asio::awaitable<Response> CouncilEditor::meetings(PageCall& call) {
    co_return meetings_page(call, nullptr);
}

Response CouncilEditor::meetings_page(PageCall& call, const FormProblems* problems) const {
    const auto snapshot = store_.snapshot();
    const Language language = call.language();
    StaffForms forms(call.csrf_token(), problems);
    return call.staff_page(
        "staff_meetings.tpl", call.text("staff_meetings_title"),
        problems ? http::status::unprocessable_entity : http::status::ok,
        [&](ctemplate::TemplateDictionary& body) {
            if (snapshot->meetings.empty()) body.ShowSection("EMPTY");
            for (auto it = snapshot->meetings.rbegin(); it != snapshot->meetings.rend(); ++it) {
                auto* row = body.AddSectionDictionary("MEETING");
                row->SetValue("time", shown_time(localization_, it->starts_unix));
                row->SetValue("title", it->title.in(language));
                row->SetValue("href", call.path("/staff/meeting") + "?id=" + id_text(it->id));
                const Committee* committee = snapshot->committee(it->committee_id);
                row->SetValue("kind", it->kind == MeetingKind::kCommittee && committee
                                          ? committee->name.in(language)
                                          : call.text("meeting_kind_council"));
                row->SetValue("status",
                              call.text("meeting_status_" + std::string(status_name(it->status))));
            }
            forms.place(body, "MEETING_FORM",
                        form("meeting-new", call.path("/staff/meetings"), call.text("meetings_add"),
                             {}, meeting_fields(call, Meeting{})));
            forms.summarise(body);
        });
}

asio::awaitable<Response> CouncilEditor::add_meeting(PageCall& call) {
    FormProblems problems = problems_of(call, "meeting-new");
    auto meeting = read_meeting(call, problems);
    if (meeting) {
        try {
            auto write = store_.add_meeting(*meeting, [&](std::int64_t meeting_id) {
                return call.audit_entry(
                    "meeting.add", fmt::format("meeting {}: {}", meeting_id, meeting->title.lt),
                    fmt::format("{} {} (Vilnius), {}", kind_name(meeting->kind),
                                shown_time(localization_, meeting->starts_unix),
                                status_name(meeting->status)));
            });
            meeting->id = co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meetings_page(call, &problems);
    co_return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(meeting->id) +
                            "&saved=1");
}

asio::awaitable<Response> CouncilEditor::meeting(PageCall& call) {
    const auto id = parse_id(call.query("id"));
    co_return meeting_page(call, id.value_or(0), nullptr);
}

Response CouncilEditor::meeting_page(PageCall& call, std::int64_t meeting_id,
                                     const FormProblems* problems) const {
    const auto snapshot = store_.snapshot();
    const Meeting* meeting = snapshot->meeting(meeting_id);
    if (meeting == nullptr) {
        return plain_response(call.request(), http::status::not_found,
                              call.text("council_no_meeting"));
    }
    const Language language = call.language();
    const std::string id = id_text(meeting->id);
    const auto agenda = snapshot->agenda(meeting->id);
    StaffForms forms(call.csrf_token(), problems);
    return call.staff_page(
        "staff_meeting.tpl", meeting->title.in(language),
        problems ? http::status::unprocessable_entity : http::status::ok,
        [&](ctemplate::TemplateDictionary& body) {
            body.SetValue("heading", meeting->title.in(language));
            body.SetValue("meetings_href", call.path("/staff/meetings"));
            body.SetValue("when", shown_time(localization_, meeting->starts_unix));
            body.SetValue("status",
                          call.text("meeting_status_" + std::string(status_name(meeting->status))));
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
            if (forms.place(body, "MEETING_FORM",
                            form("meeting", call.path("/staff/meeting"), call.text("editor_save"),
                                 {{"meeting_id", id}}, meeting_fields(call, *meeting)))) {
                body.ShowSection("MEETING_OPEN");
            }
            if (agenda.empty()) body.ShowSection("NO_ITEMS");
            for (std::size_t i = 0; i < agenda.size(); ++i) {
                const AgendaItem& item = agenda[i];
                const std::string item_id = id_text(item.id);
                const std::string number = std::to_string(item.position);
                auto* row = body.AddSectionDictionary("ITEM");
                row->SetValue("item_id", item_id);
                row->SetValue("number", number);
                row->SetValue("title", item.title.in(language));
                if (!item.rapporteur.empty()) {
                    row->AddSectionDictionary("RAPPORTEUR")->SetValue("name", item.rapporteur);
                }
                const std::vector<std::pair<std::string, std::string>> hidden_item{
                    {"agenda_item_id", item_id}};
                if (i > 0) {
                    forms.place(*row, "UP_FORM",
                                buttons(form("item-" + item_id + "-up",
                                             call.path("/staff/meeting/item/move"),
                                             call.text("agenda_move_up", "n", number),
                                             {{"agenda_item_id", item_id}, {"direction", "up"}})));
                }
                if (i + 1 < agenda.size()) {
                    forms.place(
                        *row, "DOWN_FORM",
                        buttons(form("item-" + item_id + "-down",
                                     call.path("/staff/meeting/item/move"),
                                     call.text("agenda_move_down", "n", number),
                                     {{"agenda_item_id", item_id}, {"direction", "down"}})));
                }
                StaffField confirm =
                    field("confirm", call.text("agenda_remove_confirm", "n", number), "", true);
                confirm.control = Control::kCheckbox;
                if (forms.place(
                        *row, "REMOVE_FORM",
                        buttons(form(
                            "item-" + item_id + "-remove", call.path("/staff/meeting/item/remove"),
                            call.text("agenda_remove", "n", number), hidden_item, {confirm})))) {
                    row->ShowSection("REMOVE_OPEN");
                }
                row->SetValue("edit_summary", call.text("agenda_edit", "n", number));
                if (forms.place(
                        *row, "EDIT_FORM",
                        form("item-" + item_id + "-edit", call.path("/staff/meeting/item"),
                             call.text("editor_save"), hidden_item,
                             {field("title_lt", call.text("field_title_lt"), item.title.lt, true),
                              english("title_en", call.text("field_title_en"), item.title.en),
                              field("rapporteur", call.text("field_rapporteur"), item.rapporteur),
                              long_text(field("description_lt", call.text("field_description_lt"),
                                              item.description.lt),
                                        markdown_hint(call)),
                              long_text(english("description_en", call.text("field_description_en"),
                                                item.description.en),
                                        markdown_hint(call))}))) {
                    row->ShowSection("EDIT_OPEN");
                }

                const auto documents = snapshot->documents_of(item.id);
                if (documents.empty()) row->ShowSection("NO_DOCUMENTS");
                for (const Document& document : documents) {
                    auto* entry = row->AddSectionDictionary("DOCUMENT");
                    entry->SetValue("title", document.title.in(language));
                    entry->SetValue("file_name", document.file_name);
                    entry->SetValue("size", size_text(document.size_bytes));
                    entry->SetValue("uploaded", shown_time(localization_, document.uploaded_unix));
                    forms.place(
                        *entry, "DOCUMENT_REMOVE_FORM",
                        buttons(form("document-" + id_text(document.id) + "-remove",
                                     call.path("/staff/meeting/document/remove"),
                                     call.text("document_remove", "name", document.file_name),
                                     {{"document_id", id_text(document.id)}})));
                }
                StaffField file = field("document", call.text("field_document"), "", true);
                file.control = Control::kFile;
                file.accept = "application/pdf,.pdf";
                file.hint =
                    call.text("field_document_hint", "size",
                              size_text(static_cast<std::int64_t>(config_.http.max_upload_bytes)));
                StaffForm upload =
                    form("item-" + item_id + "-document", call.path("/staff/meeting/document"),
                         call.text("document_upload"), hidden_item,
                         {field("title_lt", call.text("field_document_title_lt"), "", true),
                          english("title_en", call.text("field_document_title_en"), ""), file});
                upload.multipart = true;
                row->SetValue("upload_summary", call.text("document_upload_for", "n", number));
                if (forms.place(*row, "UPLOAD_FORM", upload)) row->ShowSection("UPLOAD_OPEN");

                const Decision* decision = snapshot->decision_on(item.id);
                const Decision shown = decision ? *decision : Decision{};
                if (decision) {
                    auto* summary = row->AddSectionDictionary("DECISION");
                    summary->SetValue("number", decision->number);
                    summary->SetValue(
                        "outcome",
                        call.text("outcome_" + std::string(outcome_name(decision->outcome))));
                    summary->SetValue("date", date_of(localization_, decision->decided_unix));
                    forms.place(*summary, "DECISION_REMOVE_FORM",
                                buttons(form("decision-" + id_text(decision->id) + "-remove",
                                             call.path("/staff/meeting/decision/remove"),
                                             call.text("decision_remove", "n", number),
                                             {{"decision_id", id_text(decision->id)}})));
                } else {
                    row->ShowSection("NO_DECISION");
                }
                StaffField date = field("decided", call.text("field_decided"),
                                        date_of(localization_, decision ? decision->decided_unix
                                                                        : meeting->starts_unix),
                                        true);
                date.control = Control::kDate;
                row->SetValue(
                    "decision_summary",
                    call.text(decision ? "decision_edit" : "decision_record", "n", number));
                if (forms.place(
                        *row, "DECISION_FORM",
                        form("item-" + item_id + "-decision", call.path("/staff/meeting/decision"),
                             call.text("editor_save"), hidden_item,
                             {field("number", call.text("field_decision_number"), shown.number),
                              choice("outcome", call.text("field_outcome"),
                                     std::string(outcome_name(shown.outcome)),
                                     outcome_options(call)),
                              long_text(field("text_lt", call.text("field_decision_text_lt"),
                                              shown.text.lt),
                                        markdown_hint(call)),
                              long_text(english("text_en", call.text("field_decision_text_en"),
                                                shown.text.en),
                                        markdown_hint(call)),
                              date}))) {
                    row->ShowSection("DECISION_OPEN");
                }
            }
            forms.place(
                body, "ITEM_FORM",
                form("item-new", call.path("/staff/meeting/item"), call.text("agenda_add"),
                     {{"meeting_id", id}},
                     {field("title_lt", call.text("field_title_lt"), "", true),
                      english("title_en", call.text("field_title_en"), ""),
                      field("rapporteur", call.text("field_rapporteur"), ""),
                      long_text(field("description_lt", call.text("field_description_lt"), ""),
                                markdown_hint(call)),
                      long_text(english("description_en", call.text("field_description_en"), ""),
                                markdown_hint(call))}));
            forms.summarise(body);
        });
}

asio::awaitable<Response> CouncilEditor::save_meeting(PageCall& call) {
    const std::int64_t id = required_id(call, "meeting_id");
    const auto before = store_.snapshot();
    const Meeting* old = before->meeting(id);
    if (old == nullptr) throw InvalidInput::text("council_no_meeting");
    FormProblems problems = problems_of(call, "meeting");
    auto meeting = read_meeting(call, problems);
    if (meeting) {
        meeting->id = id;
        try {
            auto write = store_.update_meeting(*meeting, [&](std::int64_t) {
                return call.audit_entry(
                    "meeting.update", fmt::format("meeting {}: {}", id, meeting->title.lt),
                    Changes()
                        .compare("kind", old->kind, meeting->kind)
                        .compare("committee", old->committee_id, meeting->committee_id)
                        .compare("title_lt", old->title.lt, meeting->title.lt)
                        .compare("title_en", old->title.en, meeting->title.en)
                        .compare("starts", old->starts_unix, meeting->starts_unix)
                        .compare("place_lt", old->place.lt, meeting->place.lt)
                        .compare("place_en", old->place.en, meeting->place.en)
                        .compare("status", old->status, meeting->status)
                        .compare("channel", old->channel_id, meeting->channel_id)
                        .detail());
            });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, id, &problems);
    co_return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(id) + "&saved=1");
}

// ---- agenda items, documents, decisions

namespace {

// The agenda item a form names, with its meeting, from the current snapshot.
const AgendaItem& item_of(const PageCall& call, const CouncilSnapshot& snapshot) {
    const AgendaItem* item = snapshot.agenda_item(required_id(call, "agenda_item_id"));
    if (item == nullptr) throw InvalidInput::text("council_no_item");
    return *item;
}

std::string item_target(const AgendaItem& item) {
    return fmt::format("agenda item {} of meeting {}: {}", item.id, item.meeting_id, item.title.lt);
}

Response back_to_meeting(PageCall& call, std::int64_t meeting_id, std::string_view anchor) {
    return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(meeting_id) + "&saved=1" +
                         (anchor.empty() ? "" : "#" + std::string(anchor)));
}

}  // namespace

asio::awaitable<Response> CouncilEditor::save_item(PageCall& call) {
    const FormData& values = call.form();
    const auto before = store_.snapshot();
    const bool adding = values.get("agenda_item_id").empty();
    AgendaItem item;
    if (adding) {
        item.meeting_id = required_id(call, "meeting_id");
        if (!before->meeting(item.meeting_id)) {
            throw InvalidInput::text("council_no_meeting");
        }
    } else {
        item = item_of(call, *before);
    }
    const AgendaItem old = item;
    FormProblems problems =
        problems_of(call, adding ? "item-new" : "item-" + id_text(item.id) + "-edit");
    item.title = {values.get("title_lt"), values.get("title_en")};
    item.rapporteur = values.get("rapporteur");
    item.description = {values.get("description_lt"), values.get("description_en")};
    if (item.title.lt.empty())
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    auto audit = [&](std::int64_t item_id) {
        AgendaItem target = item;
        target.id = item_id;
        return call.audit_entry(
            adding ? "agenda.add" : "agenda.update", item_target(target),
            adding ? ""
                   : Changes()
                         .compare("title_lt", old.title.lt, item.title.lt)
                         .compare("title_en", old.title.en, item.title.en)
                         .compare("rapporteur", old.rapporteur, item.rapporteur)
                         .compare("description_lt", old.description.lt, item.description.lt)
                         .compare("description_en", old.description.en, item.description.en)
                         .detail());
    };
    if (problems.empty()) {
        try {
            if (adding) {
                auto write = store_.add_agenda_item(item, audit);
                item.id = co_await std::move(write);
            } else {
                auto write = store_.update_agenda_item(item, audit);
                co_await std::move(write);
            }
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::move_item(PageCall& call) {
    const AgendaItem item = item_of(call, *store_.snapshot());
    const std::string direction = call.form().get("direction");
    if (direction != "up" && direction != "down") {
        throw InvalidInput::text("council_unknown_direction");
    }
    // Positions run 1..n, so the new one is known before the move; at either end it stays.
    const int last = static_cast<int>(store_.snapshot()->agenda(item.meeting_id).size());
    const int moved =
        direction == "up" ? std::max(1, item.position - 1) : std::min(last, item.position + 1);
    auto write = store_.move_agenda_item(
        item.id, direction == "up" ? AgendaMove::kUp : AgendaMove::kDown, [&](std::int64_t) {
            return call.audit_entry("agenda.move", item_target(item),
                                    fmt::format("position {} -> {}", item.position, moved));
        });
    co_await std::move(write);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_item(PageCall& call) {
    const auto before = store_.snapshot();
    const AgendaItem item = item_of(call, *before);
    if (call.form().get("confirm") != "1") {
        FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-remove");
        problems.field_errors["confirm"] = call.text("agenda_remove_unconfirmed");
        co_return meeting_page(call, item.meeting_id, &problems);
    }
    const auto documents = before->documents_of(item.id);
    auto write = store_.remove_agenda_item(item.id, [&](std::int64_t) {
        return call.audit_entry(
            "agenda.remove", item_target(item),
            fmt::format("with {} document(s){}", documents.size(),
                        before->decision_on(item.id) ? " and its decision" : ""));
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item.meeting_id, "agenda");
}

asio::awaitable<Response> CouncilEditor::add_document(PageCall& call) {
    const AgendaItem item = item_of(call, *store_.snapshot());
    FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-document");
    Document document;
    document.agenda_item_id = item.id;
    document.title = {call.form().get("title_lt"), call.form().get("title_en")};
    if (document.title.lt.empty()) {
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    }
    const UploadedFile* file = call.file("document");
    std::optional<CheckedUpload> checked;
    if (file == nullptr) {
        problems.field_errors["document"] = call.text("editor_error_no_file");
    } else {
        try {
            checked = uploads_.check(*file, UploadKind::kDocument);
        } catch (const InvalidInput& e) {
            problems.field_errors["document"] = call.explain(e);
        }
    }
    if (problems.empty()) {
        document.file_name = checked->file_name;
        document.content_type = checked->content_type;
        try {
            auto write = store_.add_document(document, file->bytes, [&](std::int64_t document_id) {
                return call.audit_entry(
                    "document.add",
                    fmt::format("document {} of agenda item {}: {}", document_id, item.id,
                                document.title.lt),
                    fmt::format("{} ({}, {} bytes, sha256 {})", document.file_name,
                                document.content_type, file->bytes.size(),
                                CouncilStore::content_digest(file->bytes)));
            });
            document.id = co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_document(PageCall& call) {
    const auto before = store_.snapshot();
    const Document* document = before->document(required_id(call, "document_id"));
    if (document == nullptr) throw InvalidInput::text("council_no_document");
    const AgendaItem* item = before->agenda_item(document->agenda_item_id);
    auto write = store_.remove_document(document->id, [&](std::int64_t) {
        return call.audit_entry("document.remove",
                                fmt::format("document {} of agenda item {}: {}", document->id,
                                            document->agenda_item_id, document->title.lt),
                                document->file_name);
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item ? item->meeting_id : 0,
                              "item-" + id_text(document->agenda_item_id));
}

asio::awaitable<Response> CouncilEditor::save_decision(PageCall& call) {
    const FormData& values = call.form();
    const auto before = store_.snapshot();
    const AgendaItem item = item_of(call, *before);
    const Decision* old = before->decision_on(item.id);
    FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-decision");
    Decision decision;
    decision.id = old ? old->id : 0;
    decision.agenda_item_id = item.id;
    decision.number = values.get("number");
    decision.text = {values.get("text_lt"), values.get("text_en")};
    if (auto outcome = parse_outcome(values.get("outcome"))) {
        decision.outcome = *outcome;
    } else {
        problems.field_errors["outcome"] = call.text("editor_error_choice");
    }
    if (auto decided = noon_of(localization_, values.get("decided"))) {
        decision.decided_unix = *decided;
    } else {
        problems.field_errors["decided"] = call.text("editor_error_date");
    }
    auto audit = [&](std::int64_t decision_id) {
        return call.audit_entry(
            old ? "decision.update" : "decision.add",
            fmt::format("decision {} on agenda item {}: {}", decision_id, item.id, decision.number),
            old ? Changes()
                      .compare("number", old->number, decision.number)
                      .compare("outcome", old->outcome, decision.outcome)
                      .compare("text_lt", old->text.lt, decision.text.lt)
                      .compare("text_en", old->text.en, decision.text.en)
                      .compare("date", old->decided_unix, decision.decided_unix)
                      .detail()
                : fmt::format("{} on {}", outcome_name(decision.outcome),
                              date_of(localization_, decision.decided_unix)));
    };
    if (problems.empty()) {
        try {
            if (old) {
                auto write = store_.update_decision(decision, audit);
                co_await std::move(write);
            } else {
                auto write = store_.add_decision(decision, audit);
                decision.id = co_await std::move(write);
            }
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_decision(PageCall& call) {
    const auto before = store_.snapshot();
    const Decision* decision = before->decision(required_id(call, "decision_id"));
    if (decision == nullptr) throw InvalidInput::text("council_no_decision");
    const AgendaItem* item = before->agenda_item(decision->agenda_item_id);
    auto write = store_.remove_decision(decision->id, [&](std::int64_t) {
        return call.audit_entry("decision.remove",
                                fmt::format("decision {} on agenda item {}: {}", decision->id,
                                            decision->agenda_item_id, decision->number),
                                "");
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item ? item->meeting_id : 0,
                              "item-" + id_text(decision->agenda_item_id));
}

}  // namespace councilcast::portal
