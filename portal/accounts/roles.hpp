// Who may do what: the roles an account holds, combinable, as a bit set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

enum class Role : std::uint32_t {
    kAdmin = 1u << 0,          // user management, audit log, every staff page
    kEditor = 1u << 1,         // meetings, agendas, recordings, annotations
    kModerator = 1u << 2,      // petitions, problem reports
    kOfficial = 1u << 3,       // consultation bookings of their department
    kCouncilMember = 1u << 4,  // votes; linked to the council roster
    kChair = 1u << 5,          // opens and closes votes
    kSecretary = 1u << 6,      // keeps the minutes
    kOperator = 1u << 7,       // runs the hall's broadcast from the console
};

inline constexpr Role kAllRoles[] = {Role::kAdmin,     Role::kEditor,        Role::kModerator,
                                     Role::kOfficial,  Role::kCouncilMember, Role::kChair,
                                     Role::kSecretary, Role::kOperator};

// A set of roles. Empty: a resident.
class Roles {
  public:
    constexpr Roles() = default;
    constexpr explicit Roles(std::uint32_t bits) : bits_(bits & kKnownBits) {}
    constexpr Roles(Role role) : bits_(static_cast<std::uint32_t>(role)) {}  // NOLINT: a set of one

    constexpr bool has(Role role) const { return (bits_ & static_cast<std::uint32_t>(role)) != 0; }
    constexpr bool any_of(Roles wanted) const { return (bits_ & wanted.bits_) != 0; }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr std::uint32_t bits() const { return bits_; }
    constexpr Roles operator|(Roles other) const { return Roles(bits_ | other.bits_); }
    constexpr bool operator==(const Roles&) const = default;

    // Staff: any role that acts for the municipality (everything but none).
    constexpr bool staff() const { return bits_ != 0; }

  private:
    static constexpr std::uint32_t kKnownBits = (1u << 8) - 1;
    std::uint32_t bits_ = 0;
};

// "admin", "editor", "moderator", "official", "council_member", "chair", "secretary",
// "operator".
std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
// "admin,editor"; empty for none.
std::string role_names(Roles roles);

}  // namespace councilcast::portal
