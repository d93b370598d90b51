#include "portal/accounts/roles.hpp"

#include "common/enum_names.hpp"

namespace councilcast::portal {

namespace {

// As stored, on the command line and in the staff pages' forms.
constexpr auto kRoleNames = std::to_array<EnumName<Role>>({
    {Role::kAdmin, "admin"},
    {Role::kEditor, "editor"},
    {Role::kModerator, "moderator"},
    {Role::kOfficial, "official"},
    {Role::kCouncilMember, "council_member"},
    {Role::kChair, "chair"},
    {Role::kSecretary, "secretary"},
    {Role::kOperator, "operator"},
});
static_assert(kRoleNames.size() == std::size(kAllRoles));

}  // namespace

std::string_view role_name(Role role) {
    return name_of(kRoleNames, role);
}

std::optional<Role> parse_role(std::string_view name) {
    return parse(kRoleNames, name);
}

std::string role_names(Roles roles) {
    std::string text;
    for (Role role : kAllRoles) {
        if (!roles.has(role)) continue;
        if (!text.empty()) text += ',';
        text += role_name(role);
    }
    return text;
}

}  // namespace councilcast::portal
