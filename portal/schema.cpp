#include "portal/schema.hpp"

#include <array>
#include <string_view>

#include "archive/segment_index.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/council/council_store.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/recordings/annotation_schema.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// PRAGMA user_version counts the steps of this list, so steps are only ever appended: a step's
// position is its version number in every database already deployed.
int migrate_database(Database& db) {
    const std::array steps = {
        archive::kSegmentTables,  // 1
        kAccountTables,           // 2
        kAuditTables,             // 3
        kMailTables,              // 4
        kOneOffActionTables,      // 5
        kCouncilTables,           // 6
        kMailLimitColumns,        // 7
        kOneTimeLinkIndexes,      // 8
        kMailRedactionColumns,    // 9
        kVotingTables,            // 10
        kRecordingTables,         // 11
        kAnnotationTables,        // 12
        kCaptionTables,           // 13
        kRedactionTables,         // 14
        kImportTables,            // 15
        kImportPictureColumns,    // 16
        kPetitionTables,          // 17
        kBookingTables,           // 18
        kReportTables,            // 19
        kRecordingStopColumns,    // 20
    };
    return migrate(db, steps);
}

}  // namespace councilcast::portal
