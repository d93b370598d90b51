// What an editor changed in a record, for the audit log: the names of the fields whose values
// differ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

class FieldChanges {
  public:
    template <typename Value>
    FieldChanges& compare(std::string_view name, const Value& before, const Value& after) {
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

}  // namespace councilcast::portal
