#include "portal/accounts/access.hpp"

#include "portal/accounts/account_store.hpp"

namespace councilcast::portal {

bool Access::admits(const User* user) const {
    switch (kind_) {
        case Kind::kAnyone:
            return true;
        case Kind::kSignedIn:
            return user != nullptr;
        case Kind::kRoles:
            return user != nullptr && user->roles.any_of(roles_);
    }
    return false;
}

}  // namespace councilcast::portal
