// Lithuania's public holidays (the Labour Code, art. 123), Easter by the Gregorian computus,
// plus the extra days off `[bookings] extra_holidays` names: no consultation falls on one.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "portal/bookings/booking_record.hpp"

namespace councilcast::portal {

class LithuanianHolidays {
  public:
    // `extra`: further days off the municipality declares (holiday name "extra").
    explicit LithuanianHolidays(std::vector<LocalDate> extra = {});

    // The holiday's name on `date` (catalogue key booking_holiday_<name>): "new_year",
    // "state_restoration", "independence_restoration", "easter_sunday", "easter_monday",
    // "labour_day", "mothers_day", "fathers_day", "midsummer", "statehood", "assumption",
    // "all_saints", "all_souls", "christmas_eve", "christmas", "christmas_second", "extra";
    // nothing on a working day.
    std::optional<std::string_view> holiday(LocalDate date) const;
    bool is_holiday(LocalDate date) const { return holiday(date).has_value(); }

    // Western (Gregorian) Easter Sunday of `year` (1583..9999): the anonymous Gregorian
    // algorithm (Meeus/Jones/Butcher).
    static LocalDate easter_sunday(int year);

  private:
    std::vector<LocalDate> extra_;  // sorted
};

}  // namespace councilcast::portal
