// Who may reach a route, see a navigation entry or start from a page: anyone, any signed-in
// account, or accounts holding one of a set of roles.
#pragma once

#include "portal/accounts/roles.hpp"

namespace councilcast::portal {

struct User;

class Access {
  public:
    // Everyone, signed in or not.
    static constexpr Access anyone() { return Access(Kind::kAnyone, {}); }
    // Any signed-in account, a resident's too.
    static constexpr Access signed_in() { return Access(Kind::kSignedIn, {}); }
    // A signed-in account holding at least one of `roles`: `any_of(Role::kChair |
    // Role::kSecretary)`. Name the administrator too where administrators may enter.
    static constexpr Access any_of(Roles roles) { return Access(Kind::kRoles, roles); }
    // Any staff role (every role acts for the municipality).
    static constexpr Access staff() { return any_of(Roles(~0u)); }

    // `user` is the signed-in account, or nullptr for someone not signed in. The one answer the
    // gate, the navigation and the start page all ask.
    bool admits(const User* user) const;
    // True when nobody need sign in first.
    constexpr bool open() const { return kind_ == Kind::kAnyone; }

  private:
    enum class Kind { kAnyone, kSignedIn, kRoles };
    constexpr Access(Kind kind, Roles roles) : kind_(kind), roles_(roles) {}
    Kind kind_;
    Roles roles_;
};

// The rules most routes name.
inline constexpr Access kAnyone = Access::anyone();
// Meetings, agendas, recordings and their annotations.
inline constexpr Access kEditors = Access::any_of(Roles(Role::kEditor) | Role::kAdmin);
// Consultation bookings' staff pages.
inline constexpr Access kOfficialsAndAdmins = Access::any_of(Roles(Role::kOfficial) | Role::kAdmin);
// Petitions and problem reports.
inline constexpr Access kModerators = Access::any_of(Roles(Role::kModerator) | Role::kAdmin);
inline constexpr Access kAdmins = Access::any_of(Roles(Role::kAdmin));

}  // namespace councilcast::portal
