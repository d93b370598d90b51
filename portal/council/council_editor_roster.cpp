#include "portal/council/council_editor.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/council/field_changes.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using namespace editor_forms;

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
            old ? FieldChanges()
                      .compare("name_lt", old->name.lt, group.name.lt)
                      .compare("name_en", old->name.en, group.name.en)
                      .compare("abbreviation", old->abbreviation, group.abbreviation)
                      .detail()
                : "");
    };
    auto stored =
        editor_forms::store_record(call, problems, group, !id, store_, &CouncilStore::add_group,
                                   &CouncilStore::update_group, audit);
    co_await std::move(stored);
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
            old ? FieldChanges()
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
    auto stored =
        editor_forms::store_record(call, problems, member, !id, store_, &CouncilStore::add_member,
                                   &CouncilStore::update_member, audit);
    co_await std::move(stored);
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
            old ? FieldChanges()
                      .compare("name_lt", old->name.lt, committee.name.lt)
                      .compare("name_en", old->name.en, committee.name.en)
                      .compare("remit_lt", old->remit.lt, committee.remit.lt)
                      .compare("remit_en", old->remit.en, committee.remit.en)
                      .compare("chair", old->chair_member_id, committee.chair_member_id)
                      .compare("members", old->member_ids, seats)
                      .detail()
                : "");
    };
    auto stored = editor_forms::store_record(call, problems, committee, !id, store_,
                                             &CouncilStore::add_committee,
                                             &CouncilStore::update_committee, audit);
    co_await std::move(stored);
    if (!problems.empty()) co_return roster_page(call, &problems);
    co_return call.redirect(call.path("/staff/council") + "?saved=1#committees");
}

}  // namespace councilcast::portal
