#include "portal/council/snapshot_loading.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

namespace councilcast::portal {

namespace {

// The surname, for ordering the roster: the last word of the name as written.
std::string_view surname(std::string_view name) {
    auto space = name.rfind(' ');
    return space == std::string_view::npos ? name : name.substr(space + 1);
}

int position_rank(CouncilPosition position) {
    switch (position) {
        case CouncilPosition::kChair:
            return 0;
        case CouncilPosition::kDeputyChair:
            return 1;
        case CouncilPosition::kMember:
            return 2;
    }
    return 2;
}

}  // namespace

std::shared_ptr<CouncilSnapshot> load_council_snapshot(Database& db) {
    auto snapshot = std::make_shared<CouncilSnapshot>();
    {
        ReadTransaction read(db);
        auto groups = db.cached(
            "SELECT id, name_lt, name_en, abbreviation FROM council_group ORDER BY name_lt, id");
        while (groups.step()) {
            snapshot->groups.push_back({groups.column_int(0),
                                        {groups.column_text(1), groups.column_text(2)},
                                        groups.column_text(3)});
        }
        auto members = db.cached(
            "SELECT id, name, coalesce(group_id, 0), position, term_start, term_end, "
            "biography_lt, biography_en, photo FROM council_member");
        while (members.step()) {
            CouncilMember member;
            member.id = members.column_int(0);
            member.name = members.column_text(1);
            member.group_id = members.column_int(2);
            member.position =
                parse_position(members.column_text(3)).value_or(CouncilPosition::kMember);
            member.term_start = members.column_text(4);
            member.term_end = members.column_text(5);
            member.biography = {members.column_text(6), members.column_text(7)};
            member.photo = members.column_text(8);
            snapshot->members.push_back(std::move(member));
        }
        std::stable_sort(snapshot->members.begin(), snapshot->members.end(),
                         [](const CouncilMember& a, const CouncilMember& b) {
                             return std::pair(position_rank(a.position), surname(a.name)) <
                                    std::pair(position_rank(b.position), surname(b.name));
                         });
        auto committees = db.cached(
            "SELECT id, name_lt, name_en, remit_lt, remit_en, coalesce(chair_member_id, 0) "
            "FROM committee ORDER BY name_lt, id");
        while (committees.step()) {
            snapshot->committees.push_back({committees.column_int(0),
                                            {committees.column_text(1), committees.column_text(2)},
                                            {committees.column_text(3), committees.column_text(4)},
                                            committees.column_int(5),
                                            {}});
        }
        auto seats = db.cached(
            "SELECT committee_id, member_id FROM committee_member cm "
            "JOIN council_member m ON m.id = cm.member_id ORDER BY m.name");
        while (seats.step()) {
            const std::int64_t committee_id = seats.column_int(0);
            for (auto& committee : snapshot->committees) {
                if (committee.id == committee_id)
                    committee.member_ids.push_back(seats.column_int(1));
            }
        }
        auto elderships = db.cached("SELECT id, name FROM eldership ORDER BY name");
        while (elderships.step()) {
            snapshot->elderships.push_back({elderships.column_int(0), elderships.column_text(1)});
        }
        auto meetings = db.cached(
            "SELECT id, kind, coalesce(committee_id, 0), title_lt, title_en, starts_unix, "
            "place_lt, place_en, status, channel_id FROM meeting ORDER BY starts_unix, id");
        while (meetings.step()) {
            Meeting meeting;
            meeting.id = meetings.column_int(0);
            meeting.kind = parse_kind(meetings.column_text(1)).value_or(MeetingKind::kCouncil);
            meeting.committee_id = meetings.column_int(2);
            meeting.title = {meetings.column_text(3), meetings.column_text(4)};
            meeting.starts_unix = meetings.column_int(5);
            meeting.place = {meetings.column_text(6), meetings.column_text(7)};
            meeting.status =
                parse_status(meetings.column_text(8)).value_or(MeetingStatus::kPlanned);
            meeting.channel_id = meetings.column_text(9);
            snapshot->meetings.push_back(std::move(meeting));
        }
        auto items = db.cached(
            "SELECT id, meeting_id, position, title_lt, title_en, rapporteur, description_lt, "
            "description_en FROM agenda_item ORDER BY meeting_id, position");
        while (items.step()) {
            snapshot->agenda_items.push_back({items.column_int(0),
                                              items.column_int(1),
                                              static_cast<int>(items.column_int(2)),
                                              {items.column_text(3), items.column_text(4)},
                                              items.column_text(5),
                                              {items.column_text(6), items.column_text(7)}});
        }
        auto documents = db.cached(
            "SELECT id, agenda_item_id, title_lt, title_en, file_name, content_type, size_bytes, "
            "sha256, uploaded_unix FROM document ORDER BY agenda_item_id, id");
        while (documents.step()) {
            snapshot->documents.push_back({documents.column_int(0),
                                           documents.column_int(1),
                                           {documents.column_text(2), documents.column_text(3)},
                                           documents.column_text(4),
                                           documents.column_text(5),
                                           documents.column_int(6),
                                           documents.column_text(7),
                                           documents.column_int(8)});
        }
        auto decisions = db.cached(
            "SELECT id, agenda_item_id, number, outcome, text_lt, text_en, decided_unix "
            "FROM decision ORDER BY decided_unix, id");
        while (decisions.step()) {
            snapshot->decisions.push_back(
                {decisions.column_int(0),
                 decisions.column_int(1),
                 decisions.column_text(2),
                 parse_outcome(decisions.column_text(3)).value_or(DecisionOutcome::kAdopted),
                 {decisions.column_text(4), decisions.column_text(5)},
                 decisions.column_int(6)});
        }
    }
    snapshot->index();
    return snapshot;
}

}  // namespace councilcast::portal
