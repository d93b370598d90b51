#include "portal/accounts/roles.hpp"

namespace councilcast::portal {

std::string_view role_name(Role role) {
    switch (role) {
        case Role::kAdmin:
            return "admin";
        case Role::kEditor:
            return "editor";
        case Role::kModerator:
            return "moderator";
        case Role::kOfficial:
            return "official";
        case Role::kCouncilMember:
            return "council_member";
        case Role::kChair:
            return "chair";
        case Role::kSecretary:
            return "secretary";
    }
    return "unknown";
}

std::optional<Role> parse_role(std::string_view name) {
    for (Role role : kAllRoles) {
        if (role_name(role) == name) return role;
    }
    return std::nullopt;
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
