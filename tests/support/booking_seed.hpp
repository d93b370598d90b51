// What an administrator and an official would set up on the staff pages before residents can
// book: one department, two topics and an official free every day from 08:00 to 20:00, written
// through the bookings' store into a data directory whose server is not running yet.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace councilcast::testing {

struct BookingSeed {
    std::int64_t official = 0;       // the official's account id
    std::int64_t service = 0;        // in person, in Lithuanian and English, 30 minutes
    std::int64_t phone_service = 0;  // by phone, in Lithuanian: the form asks for the number
};

// `official_email` is an account (add_user) of the data directory's database, which must exist.
BookingSeed seed_bookings(const std::filesystem::path& data_dir, const std::string& official_email);

// The data directory's database file.
std::filesystem::path database_of(const std::filesystem::path& data_dir);

}  // namespace councilcast::testing
